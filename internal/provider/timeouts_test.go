package provider

import (
	"context"
	"testing"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The timeouts blocks offer the operations their options ask for, with the
// options' descriptions, each checked by timeoutCheck alone: a bad value is
// one error that names the argument and what it accepts.
func TestTimeoutsBlocks(t *testing.T) {
	ctx := context.Background()
	// The validators and descriptions of each block's arguments.
	type argument struct {
		validators  []validator.String
		description string
	}
	arguments := map[string]map[string]argument{"resource": {}, "data source": {}}
	add := func(kind, name string, attr any) {
		s, ok := attr.(interface {
			StringValidators() []validator.String
			GetDescription() string
		})
		if !ok {
			t.Fatalf("%s timeouts.%s is a %T, not a string attribute", kind, name, attr)
		}
		arguments[kind][name] = argument{s.StringValidators(), s.GetDescription()}
	}
	resourceBlock, ok := resourceTimeoutsBlock(ctx, timeouts.Opts{
		Create: true, Read: true, Delete: true,
		CreateDescription: "Default `10m`.", ReadDescription: "Default `1m`.", DeleteDescription: "Default `2m`.",
	}).(rschema.SingleNestedBlock)
	if !ok {
		t.Fatalf("the resource timeouts block is not a SingleNestedBlock")
	}
	for name, attr := range resourceBlock.Attributes {
		add("resource", name, attr)
	}
	dataSourceBlock, ok := dataSourceTimeoutsBlock(ctx, dstimeouts.Opts{ReadDescription: "Default `5m`."}).(dschema.SingleNestedBlock)
	if !ok {
		t.Fatalf("the data source timeouts block is not a SingleNestedBlock")
	}
	for name, attr := range dataSourceBlock.Attributes {
		add("data source", name, attr)
	}

	wantDefaults := map[string]map[string]string{
		"resource":    {"create": "10m", "read": "1m", "delete": "2m"},
		"data source": {"read": "5m"},
	}
	for kind, want := range wantDefaults {
		if len(arguments[kind]) != len(want) {
			t.Errorf("the %s block has %d arguments, want %v", kind, len(arguments[kind]), want)
		}
		for name, def := range want {
			arg, ok := arguments[kind][name]
			switch {
			case !ok:
				t.Errorf("the %s block has no %s", kind, name)
			case len(arg.validators) != 1:
				t.Errorf("%s timeouts.%s has %d validators, want only ours", kind, name, len(arg.validators))
			case arg.description != "Default `"+def+"`.":
				t.Errorf("%s timeouts.%s: description %q, want the one given in the options", kind, name, arg.description)
			}
		}
	}

	values := []struct {
		value string
		ok    bool
	}{
		{"10m", true}, {"30s", true}, {"1h30m", true}, {"1.5h", true}, {"500ms", true},
		{"-1.5h", false}, {"0s", false}, {"0", false}, {"soon", false}, {"10", false}, {"", false},
	}
	for kind, args := range arguments {
		for name, arg := range args {
			at := path.Root("timeouts").AtName(name)
			for _, v := range values {
				resp := &validator.StringResponse{}
				for _, val := range arg.validators {
					val.ValidateString(ctx, validator.StringRequest{Path: at, ConfigValue: types.StringValue(v.value)}, resp)
				}
				errs := resp.Diagnostics.Errors()
				if v.ok {
					if len(errs) != 0 {
						t.Errorf("%s timeouts.%s = %q: %v, want no error", kind, name, v.value, errs)
					}
					continue
				}
				want := "timeouts." + name + ` must be a positive duration such as "30s" or "10m" (units ms, s, m, h), got "` + v.value + `".`
				if len(errs) != 1 || errs[0].Detail() != want || errs[0].Summary() != "Invalid timeout" {
					t.Errorf("%s timeouts.%s = %q: %v, want one error %q", kind, name, v.value, errs, want)
				}
			}
		}
	}
}
