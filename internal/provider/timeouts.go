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

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
)

// operationTimeouts are the defaults of a timeouts block, one per
// operation; an operation whose default is zero has no argument.
type operationTimeouts struct {
	Create, Read, Update, Delete time.Duration
}

func (o operationTimeouts) of(operation string) time.Duration {
	return map[string]time.Duration{"create": o.Create, "read": o.Read, "update": o.Update, "delete": o.Delete}[operation]
}

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

func timeoutDescription(operation string, def time.Duration) string {
	return fmt.Sprintf("Time allowed for %s, as a positive duration such as `30s` or `10m` (units `ms`, `s`, `m`, "+
		"`h`). Defaults to `%s`.", operation, transport.FormatDuration(def))
}

// resourceTimeoutsBlock is a resource's `timeouts` block: the timeouts
// package's Block (so timeouts.Value reads it), each argument checked by
// timeoutCheck alone and described with its default.
func resourceTimeoutsBlock(ctx context.Context, defaults operationTimeouts) rschema.Block {
	block := timeouts.Block(ctx, timeouts.Opts{
		Create: defaults.Create > 0, Read: defaults.Read > 0, Update: defaults.Update > 0, Delete: defaults.Delete > 0,
	})
	nested, ok := block.(rschema.SingleNestedBlock)
	if !ok {
		return block // the package changed its block's type; TestTimeoutsBlocks says so
	}
	for name, attr := range nested.Attributes {
		if s, ok := attr.(rschema.StringAttribute); ok {
			s.Validators = []validator.String{timeoutCheck}
			s.Description, s.MarkdownDescription = "", timeoutDescription(name, defaults.of(name))
			nested.Attributes[name] = s
		}
	}
	return nested
}

// dataSourceTimeoutsBlock is resourceTimeoutsBlock for a data source, whose
// block has only `read` (read it with the datasource timeouts package's
// Value).
func dataSourceTimeoutsBlock(ctx context.Context, read time.Duration) dschema.Block {
	block := dstimeouts.Block(ctx)
	nested, ok := block.(dschema.SingleNestedBlock)
	if !ok {
		return block
	}
	for name, attr := range nested.Attributes {
		if s, ok := attr.(dschema.StringAttribute); ok {
			s.Validators = []validator.String{timeoutCheck}
			s.Description, s.MarkdownDescription = "", timeoutDescription(name, read)
			nested.Attributes[name] = s
		}
	}
	return nested
}
