package provider_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
)

// docs/ must list every type the provider registers, and nothing else: a
// registry page for a type that does not exist, or a type with no page,
// fails here before it reaches users. Actions and list resources count
// too, though only Terraform 1.14 and later use them.
func TestDocsCoverEveryRegisteredType(t *testing.T) {
	ctx := context.Background()
	p, ok := provider.New("test")().(interface {
		fwprovider.ProviderWithFunctions
		fwprovider.ProviderWithActions
		fwprovider.ProviderWithListResources
	})
	if !ok {
		t.Fatal("the provider does not implement functions, actions and list resources")
	}

	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)
	want := map[string][]string{}
	for _, f := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		want["resources"] = append(want["resources"], strings.TrimPrefix(resp.TypeName, meta.TypeName+"_"))
	}
	for _, f := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		want["data-sources"] = append(want["data-sources"], strings.TrimPrefix(resp.TypeName, meta.TypeName+"_"))
	}
	for _, f := range p.Functions(ctx) {
		var resp function.MetadataResponse
		f().Metadata(ctx, function.MetadataRequest{}, &resp)
		want["functions"] = append(want["functions"], resp.Name)
	}

	for _, f := range p.Actions(ctx) {
		var resp action.MetadataResponse
		f().Metadata(ctx, action.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		want["actions"] = append(want["actions"], strings.TrimPrefix(resp.TypeName, meta.TypeName+"_"))
	}
	for _, f := range p.ListResources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		want["list-resources"] = append(want["list-resources"], strings.TrimPrefix(resp.TypeName, meta.TypeName+"_"))
	}

	changelog, err := os.ReadFile(filepath.Join("..", "..", "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	entry := map[string]string{
		"resources": "New Resource", "data-sources": "New Data Source", "functions": "New Function",
		"actions": "New Action", "list-resources": "New List Resource",
	}
	for _, kind := range []string{"resources", "data-sources", "functions", "actions", "list-resources"} {
		for _, name := range want[kind] {
			if kind != "functions" {
				name = meta.TypeName + "_" + name
			}
			if line := "* **" + entry[kind] + ":** `" + name + "`"; !strings.Contains(string(changelog), line) {
				t.Errorf("CHANGELOG.md has no line starting %q", line)
			}
		}
		files, err := filepath.Glob(filepath.Join("..", "..", "docs", kind, "*.md"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			got = append(got, strings.TrimSuffix(filepath.Base(f), ".md"))
		}
		sort.Strings(got)
		sort.Strings(want[kind])
		if strings.Join(got, ",") != strings.Join(want[kind], ",") {
			t.Errorf("docs/%s has %v, the provider registers %v: run make docs", kind, got, want[kind])
		}
	}
	if _, err := os.Stat(filepath.Join("..", "..", "docs", "index.md")); err != nil {
		t.Errorf("docs/index.md: %v", err)
	}
}
