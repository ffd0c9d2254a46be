package provider

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// stateMsgPack encodes a state for the protocol, the bytes exactly those of
// tfprotov6.NewDynamicValue (TestStateMsgPackIsTftypes compares them).
// tftypes' encoder builds an attribute path and a value for every key it
// writes: for a listing of 5,000 payment requests that was half of the
// read's CPU and 37 MB of garbage. This one writes the same msgpack calls
// straight from the values, for the known strings, numbers, bools, nulls,
// lists and objects a state of this provider holds; any other value is
// left to tftypes.
func stateMsgPack(t tftypes.Type, v tftypes.Value) (tfprotov6.DynamicValue, error) {
	var buf bytes.Buffer
	e := stateEncoder{enc: msgpack.NewEncoder(&buf)}
	if err := e.value(t, v); err != nil {
		if errors.Is(err, errNotPlain) {
			return tfprotov6.NewDynamicValue(t, v)
		}
		return tfprotov6.DynamicValue{}, err
	}
	return tfprotov6.DynamicValue{MsgPack: buf.Bytes()}, nil
}

// errNotPlain: a value stateEncoder leaves to tftypes.
var errNotPlain = errors.New("not a plain value")

type stateEncoder struct {
	enc *msgpack.Encoder
}

func (e stateEncoder) value(t tftypes.Type, v tftypes.Value) error {
	switch {
	case !v.IsKnown() || t.Is(tftypes.DynamicPseudoType):
		return errNotPlain
	case v.IsNull():
		return e.enc.EncodeNil()
	case t.Is(tftypes.String):
		var s string
		if err := v.As(&s); err != nil {
			return err
		}
		return e.enc.EncodeString(s)
	case t.Is(tftypes.Number):
		var n *big.Float
		if err := v.As(&n); err != nil {
			return err
		}
		return e.number(n)
	case t.Is(tftypes.Bool):
		var b bool
		if err := v.As(&b); err != nil {
			return err
		}
		return e.enc.EncodeBool(b)
	case t.Is(tftypes.List{}):
		return e.list(t.(tftypes.List), v) //nolint:forcetypeassert // Is checked it
	case t.Is(tftypes.Object{}):
		o := t.(tftypes.Object) //nolint:forcetypeassert // Is checked it
		return e.object(o, sortedKeys(o), v)
	}
	return errNotPlain
}

// number is tftypes' encoding: an exact int64 as an integer, an exact
// float64 as a float, infinities as floats, anything else as text.
func (e stateEncoder) number(n *big.Float) error {
	if n.IsInf() {
		return e.enc.EncodeFloat64(math.Inf(n.Sign()))
	}
	if i, acc := n.Int64(); acc == big.Exact {
		return e.enc.EncodeInt(i)
	}
	if f, acc := n.Float64(); acc == big.Exact && !n.IsInt() {
		return e.enc.EncodeFloat64(f)
	}
	return e.enc.EncodeString(n.Text('f', -1))
}

func (e stateEncoder) list(t tftypes.List, v tftypes.Value) error {
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return err
	}
	if err := e.enc.EncodeArrayLen(len(elems)); err != nil {
		return err
	}
	// Elements of one object type share its sorted keys.
	obj, isObj := t.ElementType.(tftypes.Object)
	var keys []string
	if isObj {
		keys = sortedKeys(obj)
	}
	for _, elem := range elems {
		var err error
		if isObj && elem.IsKnown() && !elem.IsNull() {
			err = e.object(obj, keys, elem)
		} else {
			err = e.value(t.ElementType, elem)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// object writes the attributes in key order, as tftypes does.
func (e stateEncoder) object(t tftypes.Object, keys []string, v tftypes.Value) error {
	if !v.IsKnown() {
		return errNotPlain
	}
	if v.IsNull() {
		return e.enc.EncodeNil()
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return err
	}
	if err := e.enc.EncodeMapLen(len(keys)); err != nil {
		return err
	}
	for _, k := range keys {
		attr, ok := attrs[k]
		if !ok {
			return errNotPlain // tftypes reports it
		}
		if err := e.enc.EncodeString(k); err != nil {
			return err
		}
		if err := e.value(t.AttributeTypes[k], attr); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(t tftypes.Object) []string {
	keys := make([]string, 0, len(t.AttributeTypes))
	for k := range t.AttributeTypes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
