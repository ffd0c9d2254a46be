package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// httpLogSubsystem is the tflog subsystem of the API clients' log lines
// (their @module ends in ".http").
const httpLogSubsystem = "http"

// tflogLogger adapts tflog to the transport's Logger. It masks nothing
// itself: the transport never logs headers, and its own logger redacts
// Config.Secrets from every message and field before they arrive here.
type tflogLogger struct{}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(l.subsystem(ctx), httpLogSubsystem, msg, fields)
}

func (l tflogLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemInfo(l.subsystem(ctx), httpLogSubsystem, msg, fields)
}

// subsystem returns the context that carries the subsystem logger (tflog
// returns new contexts rather than changing the one it is given). Its
// location offset skips the two frames between the code that
// logged and tflog, this adapter and the transport's scrubbing logger, so
// that @caller names the code that logged rather than this file; it
// carries the root logger's fields (tf_req_id, tf_rpc, the type's name).
func (l tflogLogger) subsystem(ctx context.Context) context.Context {
	return tflog.NewSubsystem(ctx, httpLogSubsystem, tflog.WithAdditionalLocationOffset(2), tflog.WithRootFields())
}
