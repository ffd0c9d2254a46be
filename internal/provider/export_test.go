package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
)

// NewWithPacing is New for tests that turn Mayar pacing on: the pacing
// ledger is in dir (a test's own directory, never the user's cache) and the
// window lasts window instead of a minute (0 keeps the minute).
func NewWithPacing(version, dir string, window time.Duration) func() provider.Provider {
	return func() provider.Provider {
		return &IndopayProvider{version: version, pacingDir: dir, pacingWindow: window}
	}
}
