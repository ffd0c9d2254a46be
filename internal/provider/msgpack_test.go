package provider

import (
	"bytes"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

// stateMsgPack must write exactly the bytes tftypes writes: for the
// listing's states, and for every kind of value it meets or leaves to
// tftypes.
func TestStateMsgPackIsTftypes(t *testing.T) {
	ctx := t.Context()
	var resp datasource.SchemaResponse
	NewMayarPaymentsDataSource().Schema(ctx, datasource.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the data source's type is not an object")
	}

	str := func(s string) *string { return &s }
	whole := func(n int64) *int64 { return &n }
	float := func(f float64) *float64 { return &f }
	payments := []mayar.Payment{
		{ID: "a", Name: "Kopi ☕", Amount: whole(25000), Status: "paid", Type: "payment_request", Category: str("Donasi"),
			Description: "<p>x</p>\n", Link: "abc", RedirectURL: str("https://x.test"), Limit: float(2.5), InstallmentID: str("i"),
			CreatedAt: time.UnixMilli(1685960215853)},
		{ID: "b", Amount: whole(math.MaxInt64), Limit: float(1e300)},
		{ID: "c", Amount: whole(-1), Limit: float(3)},
		{ID: "d"},
	}
	config := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		config[name] = tftypes.NewValue(at, nil)
	}
	config["status"] = tftypes.NewValue(tftypes.String, "paid")
	config["max_items"] = tftypes.NewValue(tftypes.Number, 4)
	config["timeouts"] = tftypes.NewValue(typ.AttributeTypes["timeouts"], map[string]tftypes.Value{"read": tftypes.NewValue(tftypes.String, "1m")})

	listing, err := mayarPaymentsState(tftypes.NewValue(typ, config), payments)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := mayarPaymentsState(tftypes.NewValue(typ, config), nil)
	if err != nil {
		t.Fatal(err)
	}
	numbers := tftypes.List{ElementType: tftypes.Number}
	nums := []tftypes.Value{}
	for _, n := range []*big.Float{big.NewFloat(0), big.NewFloat(-0.1), big.NewFloat(1e308), big.NewFloat(math.Inf(1)),
		big.NewFloat(math.Inf(-1)), new(big.Float).SetPrec(200).Quo(big.NewFloat(1), big.NewFloat(3)),
		new(big.Float).SetInt64(math.MinInt64), new(big.Float).Mul(big.NewFloat(1e30), big.NewFloat(1e30))} {
		nums = append(nums, tftypes.NewValue(tftypes.Number, n))
	}
	other := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"n": numbers, "b": tftypes.Bool, "o": tftypes.Object{AttributeTypes: map[string]tftypes.Type{"x": tftypes.String}},
		"l": tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"x": tftypes.String}}},
	}}
	oType := other.AttributeTypes["o"]
	cases := map[string]struct {
		t tftypes.Type
		v tftypes.Value
	}{
		"listing":  {typ, listing},
		"no items": {typ, empty},
		"config":   {typ, tftypes.NewValue(typ, config)},
		"null":     {typ, tftypes.NewValue(typ, nil)},
		"numbers":  {numbers, tftypes.NewValue(numbers, nums)},
		"nested": {other, tftypes.NewValue(other, map[string]tftypes.Value{
			"n": tftypes.NewValue(numbers, nil), "b": tftypes.NewValue(tftypes.Bool, true),
			"o": tftypes.NewValue(oType, nil),
			"l": tftypes.NewValue(other.AttributeTypes["l"], []tftypes.Value{tftypes.NewValue(oType, nil),
				tftypes.NewValue(oType, map[string]tftypes.Value{"x": tftypes.NewValue(tftypes.String, "")})}),
		})},
		"unknown, left to tftypes": {other, tftypes.NewValue(other, map[string]tftypes.Value{
			"n": tftypes.NewValue(numbers, tftypes.UnknownValue), "b": tftypes.NewValue(tftypes.Bool, false),
			"o": tftypes.NewValue(oType, nil), "l": tftypes.NewValue(other.AttributeTypes["l"], nil),
		})},
		"set, left to tftypes": {tftypes.Set{ElementType: tftypes.String}, tftypes.NewValue(tftypes.Set{ElementType: tftypes.String},
			[]tftypes.Value{tftypes.NewValue(tftypes.String, "x")})},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := tfprotov6.NewDynamicValue(tc.t, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := stateMsgPack(tc.t, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.MsgPack, want.MsgPack) {
				t.Fatalf("msgpack\n got %x\nwant %x", got.MsgPack, want.MsgPack)
			}
		})
	}
}
