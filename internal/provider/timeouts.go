package provider

import (
	"context"
	"fmt"
	"time"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// timeoutCheck replaces the timeouts package's own validator, which accepts
// a negative duration and, next to a check of our own, made a bad value two
// errors, one of them offering "-1.5h" as an example.
var timeoutCheck = stringCheck{
	summary:     "Invalid timeout",
	description: `a positive duration such as "30s" or "10m" (units ms, s, m, h)`,
	check: func(text string) error {
		if d, err := time.ParseDuration(text); err != nil || d <= 0 {
			return fmt.Errorf(`must be a positive duration such as "30s" or "10m" (units ms, s, m, h), got %q`, text)
		}
		return nil
	},
}

// resourceTimeoutsBlock is timeouts.Block(ctx, opts), so timeouts.Value
// reads it as before, with timeoutCheck as each argument's only validator:
// a bad value is one error that names the argument, at validate and plan
// time, with no ValidateConfig of the resource's own.
func resourceTimeoutsBlock(ctx context.Context, opts timeouts.Opts) rschema.Block {
	block := timeouts.Block(ctx, opts)
	nested, ok := block.(rschema.SingleNestedBlock)
	if !ok {
		return block // the package changed its block's type; TestTimeoutsBlocks says so
	}
	for name, attr := range nested.Attributes {
		if s, ok := attr.(rschema.StringAttribute); ok {
			s.Validators = []validator.String{timeoutCheck}
			nested.Attributes[name] = s
		}
	}
	return nested
}

// dataSourceTimeoutsBlock is resourceTimeoutsBlock for a data source, whose
// block has only `read` (read it with the datasource timeouts package's
// Value).
func dataSourceTimeoutsBlock(ctx context.Context, opts dstimeouts.Opts) dschema.Block {
	block := dstimeouts.BlockWithOpts(ctx, opts)
	nested, ok := block.(dschema.SingleNestedBlock)
	if !ok {
		return block
	}
	for name, attr := range nested.Attributes {
		if s, ok := attr.(dschema.StringAttribute); ok {
			s.Validators = []validator.String{timeoutCheck}
			nested.Attributes[name] = s
		}
	}
	return nested
}
