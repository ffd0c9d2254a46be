// Command zipsum prints the "h1:" hash of a zip file's contents, or checks a
// zip against a pinned h1: hash and unpacks it.
//
// The h1: scheme is golang.org/x/mod/sumdb/dirhash.Hash1: the base64 sha256
// of the lines "<hex sha256 of file>  <name>\n" for every file, sorted by
// name. go.sum uses it for module zips, and Terraform's .terraform.lock.hcl
// for provider packages (the same hash for a provider's zip and for its
// unpacked directory). zipsum computes it with the standard library only.
//
//	zipsum FILE.zip
//	    prints the h1: hash of the zip's contents
//	zipsum -want h1:... -strip module@version/ -unpack DIR FILE.zip
//	    fails unless the zip has that hash, then unpacks it into DIR with
//	    the prefix removed from every name
//
// tools/build-terraform.sh uses the second form on a module zip from the Go
// module cache: the go command verifies a zip when it downloads it, but
// later trusts the cache (the "Sum" of `go mod download -json` is read back
// from the .ziphash file written then), so the zip is hashed again and
// exactly that zip is built. scripts/release-test.sh uses the first form to
// check the hash Terraform records for a release zip.
package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	want := flag.String("want", "", "the pinned h1: hash the zip must have")
	strip := flag.String("strip", "", "with -unpack: the directory every entry starts with, removed")
	unpack := flag.String("unpack", "", "a new directory to unpack the zip into, once it matches -want")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: zipsum [-want h1:... -strip PREFIX -unpack DIR] FILE.zip\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || (*unpack != "") != (*want != "") {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *want, *strip, *unpack); err != nil {
		fmt.Fprintln(os.Stderr, "zipsum:", err)
		os.Exit(1)
	}
}

func run(zipPath, want, strip, dest string) error {
	z, err := zip.OpenReader(zipPath)
	if err != nil {
		return err
	}
	defer z.Close()

	got, err := hash1(z.File)
	if err != nil {
		return err
	}
	if want == "" {
		fmt.Println(got)
		return nil
	}
	if got != want {
		return fmt.Errorf("%s has hash %s, pinned %s: it is not the pinned zip", zipPath, got, want)
	}
	for _, f := range z.File {
		if err := extract(f, strip, dest); err != nil {
			return err
		}
	}
	return nil
}

// hash1 is dirhash.Hash1 over the zip's entries, as dirhash.HashZip.
func hash1(files []*zip.File) (string, error) {
	sorted := append([]*zip.File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	h := sha256.New()
	for _, f := range sorted {
		if strings.Contains(f.Name, "\n") {
			return "", fmt.Errorf("zip entry %q has a newline in its name", f.Name)
		}
		r, err := f.Open()
		if err != nil {
			return "", err
		}
		fh := sha256.New()
		err = copyEntry(fh, r, f)
		r.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Name, err)
		}
		fmt.Fprintf(h, "%x  %s\n", fh.Sum(nil), f.Name)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(h.Sum(nil)), nil
}

func extract(f *zip.File, strip, dest string) error {
	rel, ok := strings.CutPrefix(f.Name, strip)
	if !ok {
		return fmt.Errorf("zip entry %q does not start with %s", f.Name, strip)
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		return nil // a directory: made below for the files in it
	}
	local := filepath.FromSlash(rel)
	if !filepath.IsLocal(local) {
		return fmt.Errorf("zip entry %q escapes the destination", f.Name)
	}
	path := filepath.Join(dest, local)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	return errors.Join(copyEntry(w, r, f), w.Close())
}

// maxEntry bounds what one zip entry may unpack to: the largest file of a
// module or provider zip is tens of megabytes, so anything near this is a
// decompression bomb, not a release.
const maxEntry = 1 << 30

// copyEntry copies one entry's contents, at most maxEntry bytes.
func copyEntry(w io.Writer, r io.Reader, f *zip.File) error {
	n, err := io.CopyN(w, r, maxEntry+1)
	switch {
	case n > maxEntry:
		return fmt.Errorf("%s: unpacks to more than %d bytes", f.Name, maxEntry)
	case errors.Is(err, io.EOF):
		return nil
	}
	return err
}
