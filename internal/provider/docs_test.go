package provider_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/indopay/terraform-provider-indopay/internal/provider"
)

// docs/ must list every type the provider registers, and nothing else: a
// registry page for a type that does not exist, or a type with no page,
// fails here before it reaches users. Actions and list resources count
// too, though only Terraform 1.14 and later use them. Each type also has
// its CHANGELOG.md entry.
func TestDocsCoverEveryRegisteredType(t *testing.T) {
	schema, err := providerserver.NewProtocol6(provider.New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schema.Diagnostics) > 0 {
		t.Fatalf("the provider's schema: %v %v", err, schema.Diagnostics)
	}
	kinds := []struct {
		dir, entry string   // docs/<dir>; CHANGELOG.md's "* **<entry>:** `name`"
		names      []string // as Terraform addresses them
	}{
		{"resources", "New Resource", slices.Collect(maps.Keys(schema.ResourceSchemas))},
		{"data-sources", "New Data Source", slices.Collect(maps.Keys(schema.DataSourceSchemas))},
		{"functions", "New Function", slices.Collect(maps.Keys(schema.Functions))},
		{"actions", "New Action", slices.Collect(maps.Keys(schema.ActionSchemas))},
		{"list-resources", "New List Resource", slices.Collect(maps.Keys(schema.ListResourceSchemas))},
	}
	changelog, err := os.ReadFile(filepath.Join("..", "..", "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range kinds {
		var want []string
		for _, name := range kind.names {
			if line := "* **" + kind.entry + ":** `" + name + "`"; !strings.Contains(string(changelog), line) {
				t.Errorf("CHANGELOG.md has no line starting %q", line)
			}
			// Pages are named without the provider's prefix; functions have none.
			want = append(want, strings.TrimPrefix(name, "indopay_"))
		}
		files, err := filepath.Glob(filepath.Join("..", "..", "docs", kind.dir, "*.md"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			got = append(got, strings.TrimSuffix(filepath.Base(f), ".md"))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("docs/%s has %v, the provider registers %v: run make docs", kind.dir, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join("..", "..", "docs", "index.md")); err != nil {
		t.Errorf("docs/index.md: %v", err)
	}
}

// docs/design.md says where each rule is enforced, by file and function:
// every Go file and package it names must exist, and every identifier it
// names beside them (`name`, `Type.method` or `Type.field`) must be
// declared there (or, for a field or a value, used there), so that a
// rename cannot leave the page pointing at nothing.
func TestDesignDocNamesExistingCode(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, "docs", "design.md"))
	if err != nil {
		t.Fatal(err)
	}
	fileRef := regexp.MustCompile("`((?:internal|cmd)/[a-z0-9_/]+?)(\\.go)?`")
	nameRef := regexp.MustCompile("`([A-Za-z][A-Za-z0-9]*)(?:\\.([A-Za-z][A-Za-z0-9]*))?`")
	packages := map[string]string{} // package directory → its Go source, concatenated
	load := func(dir string) bool {
		if _, ok := packages[dir]; ok {
			return true
		}
		sources, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if len(sources) == 0 {
			return false
		}
		var all strings.Builder
		for _, s := range sources {
			b, err := os.ReadFile(s) //nolint:gosec // a file of this repository, named by the page under test
			if err != nil {
				t.Fatal(err)
			}
			all.Write(b)
		}
		packages[dir] = all.String()
		return true
	}
	// The page's paragraphs, and each row of its tables apart: a name in
	// backquotes is looked up in the packages the same paragraph or row
	// names.
	var blocks []string
	for _, para := range strings.Split(string(doc), "\n\n") {
		if strings.HasPrefix(para, "|") {
			blocks = append(blocks, strings.Split(para, "\n")...)
		} else {
			blocks = append(blocks, para)
		}
	}
	// Qualifiers the page uses: this repository's packages, and others'.
	internalPackages := map[string]string{
		"transport": "internal/client/transport", "payget": "internal/client/payget", "mayar": "internal/client/mayar",
		"provider": "internal/provider", "process": "internal/process", "sandbox": "internal/sandbox",
	}
	external := map[string]bool{"context": true, "errors": true, "providerserver": true, "tftypes": true}
	named := 0
	for _, block := range blocks {
		var dirs []string
		for _, m := range fileRef.FindAllStringSubmatch(block, -1) {
			dir := m[1]
			if m[2] != "" {
				if _, err := os.Stat(filepath.Join(root, m[1]+".go")); err != nil { //nolint:gosec // a path of this repository, named by the page under test
					t.Errorf("docs/design.md names %s.go: %v", m[1], err)
				}
				dir = filepath.Dir(m[1])
			}
			if !load(dir) {
				t.Errorf("docs/design.md names %s, which holds no Go package", dir)
				continue
			}
			dirs = append(dirs, dir)
		}
		if len(dirs) == 0 {
			continue
		}
		for _, m := range nameRef.FindAllStringSubmatch(block, -1) {
			name, member := m[1], m[2]
			blockDirs := dirs
			switch {
			case member == "go" || member == "md" || external[name]:
				continue // a file name, or another module's package
			case internalPackages[name] != "" && member != "":
				// A package-qualified name: transport.Request.
				if !load(internalPackages[name]) {
					t.Fatalf("no package %s", internalPackages[name])
				}
				blockDirs, name, member = []string{internalPackages[name]}, member, ""
			}
			// Declared, set as a field of a composite literal, or a string
			// value the package spells.
			declared := regexp.MustCompile(`(?m)^(?:func|type|var|const)\s+(?:\([^)]*\)\s+)?` + name + `\b|^\t` + name + `\s+=|^\t+` + name + `:\s|"` + name + `"`)
			if member != "" {
				declared = regexp.MustCompile(`(?m)^func \(\w+ \*?` + name + `\) ` + member + `\(|^type ` + name + ` struct \{[^}]*\n\t` + member + `\b`)
			}
			found := false
			for _, dir := range blockDirs {
				found = found || declared.MatchString(packages[dir])
			}
			if !found {
				t.Errorf("docs/design.md names `%s` beside %v, which declare no such name", strings.Trim(m[0], "`"), blockDirs)
			}
			named++
		}
	}
	if named < 20 {
		t.Fatalf("docs/design.md names %d functions and types; each rule names where it is enforced", named)
	}
}
