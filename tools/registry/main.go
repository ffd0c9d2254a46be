// Command registry serves provider releases, as goreleaser lays them out in
// dist/, over the provider registry protocol that `terraform init` and
// `tofu init` speak to registry.terraform.io and registry.opentofu.org:
// service discovery (/.well-known/terraform.json), the version list, and for
// each platform a download answer naming the zip, its SHA256SUMS, the
// detached signature of SHA256SUMS and the public key that made it. It
// listens on loopback only, over HTTPS with a certificate authority it makes
// at start and writes out, so that a CLI can be told to trust it for one run
// (SSL_CERT_FILE) and nothing else ever does.
//
//	registry -gpg-key KEY.asc -ca-file CA.pem -addr-file ADDR \
//	    -provider indopay/indopay=dist [-provider NAMESPACE/TYPE=DIR ...]
//
// ADDR receives the registry's host name, "localhost:PORT", once it
// listens: the host part of the source address ("localhost:PORT/indopay/indopay").
//
// Like the public registries, it records each release when it starts: the
// versions and platforms listed in SHA256SUMS, the protocols from the
// manifest listed there, and the one signing key. It checks nothing a CLI
// checks: a zip or a signature is served as the directory holds it (or 404
// when it is missing), so that scripts/release-test.sh can show the CLI
// refusing a changed zip, a signature by another key or none.
//
// A program of the project's rather than a maintained registry: the
// maintained ones (boring-registry, citizen, terrareg) store releases in
// object stores or databases, bring large dependency graphs, and do not
// serve a goreleaser dist/ as it is; the protocol is three JSON answers and
// a file server, which the standard library does in one file.
package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // OpenPGP v4 fingerprints are SHA-1 by definition (RFC 4880 12.2)
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	var cfg config
	flag.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "loopback `address` to listen on")
	flag.StringVar(&cfg.addrFile, "addr-file", "", "write the registry's host name (localhost:PORT) to this `file` once listening")
	flag.StringVar(&cfg.caFile, "ca-file", "", "write the PEM certificate of the authority that signed the registry's certificate to this `file`")
	flag.StringVar(&cfg.gpgKey, "gpg-key", "", "ASCII-armored OpenPGP public key `file` that the download answers name as the signing key")
	flag.Func("provider", "`NAMESPACE/TYPE=DIR`: serve the releases in DIR (goreleaser's dist/ layout) as NAMESPACE/TYPE; repeatable", func(s string) error {
		name, dir, ok := strings.Cut(s, "=")
		if !ok || strings.Count(name, "/") != 1 || dir == "" {
			return errors.New("want NAMESPACE/TYPE=DIR")
		}
		cfg.providers = append(cfg.providers, [2]string{strings.ToLower(name), dir})
		return nil
	})
	flag.Parse()
	if flag.NArg() != 0 || cfg.addrFile == "" || cfg.caFile == "" || cfg.gpgKey == "" || len(cfg.providers) == 0 {
		flag.Usage()
		os.Exit(2)
	}
	log.SetFlags(0)
	log.SetPrefix("registry: ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		log.Fatal(err)
	}
}

type config struct {
	listen, addrFile, caFile, gpgKey string
	providers                        [][2]string // NAMESPACE/TYPE, directory
}

func run(ctx context.Context, cfg config) error {
	armor, err := os.ReadFile(cfg.gpgKey)
	if err != nil {
		return err
	}
	key := signingKey{ASCIIArmor: string(armor)}
	if key.KeyID, err = keyID(armor); err != nil {
		return fmt.Errorf("%s: %w", cfg.gpgKey, err)
	}
	reg := &registry{key: key, providers: map[string]*provider{}}
	for _, p := range cfg.providers {
		namespace, typ, _ := strings.Cut(p[0], "/")
		if reg.providers[p[0]], err = loadProvider(typ, p[1]); err != nil {
			return err
		}
		for _, rel := range reg.providers[p[0]].releases {
			log.Printf("%s/%s %s: %d platforms, protocols %s, from %s", namespace, typ, rel.Version, len(rel.Platforms), strings.Join(rel.Protocols, " "), p[1])
		}
	}
	log.Printf("signing key ID %s", key.KeyID)

	if err := checkLoopback(cfg.listen); err != nil {
		return err
	}
	caPEM, cert, err := newCertificate()
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: reg.routes(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() {
		served <- srv.Serve(tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}))
	}()

	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return errors.Join(fmt.Errorf("listening on %s, not TCP", l.Addr()), srv.Close())
	}
	host := net.JoinHostPort("localhost", fmt.Sprint(addr.Port))
	// The authority first: a script that waits for the address file finds
	// the certificate there too.
	if err := writeFileAtomic(cfg.caFile, caPEM); err != nil {
		return errors.Join(err, srv.Close())
	}
	if err := writeFileAtomic(cfg.addrFile, []byte(host+"\n")); err != nil {
		return errors.Join(err, srv.Close())
	}
	defer os.Remove(cfg.addrFile)
	log.Printf("serving https://%s/ (certificate authority in %s)", host, cfg.caFile)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}

// checkLoopback refuses a listen address that another machine could reach:
// the registry trusts whatever is in its directories.
func checkLoopback(listen string) error {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("-listen: %w", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-listen %s: only a loopback address (127.0.0.1, [::1], localhost) is allowed", listen)
	}
	return nil
}

type registry struct {
	key       signingKey
	providers map[string]*provider // by NAMESPACE/TYPE
}

type provider struct {
	dir      string
	releases map[string]*release // by version
}

type release struct {
	Version   string     `json:"version"`
	Protocols []string   `json:"protocols"`
	Platforms []platform `json:"platforms"`
	sums      string     // SHA256SUMS file name; its signature is sums + ".sig"
}

// platform is one zip; the version list names only its os and arch.
type platform struct {
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	filename string
	shasum   string
}

type signingKey struct {
	KeyID      string `json:"key_id"`
	ASCIIArmor string `json:"ascii_armor"`
}

// loadProvider reads every release of terraform-provider-TYPE in dir from its
// SHA256SUMS, as goreleaser names them: each zip listed there is a platform,
// and the manifest listed there gives the plugin protocols. A release whose
// SHA256SUMS does not list the manifest is refused, as the Terraform Registry
// would: the signature would not cover the protocols.
func loadProvider(typ, dir string) (*provider, error) {
	prefix := "terraform-provider-" + typ + "_"
	sumsFiles, err := filepath.Glob(filepath.Join(dir, prefix+"*_SHA256SUMS"))
	if err != nil || len(sumsFiles) == 0 {
		return nil, fmt.Errorf("no %s*_SHA256SUMS in %s", prefix, dir)
	}
	p := &provider{dir: dir, releases: map[string]*release{}}
	for _, path := range sumsFiles {
		name := filepath.Base(path)
		rel := &release{Version: strings.TrimSuffix(strings.TrimPrefix(name, prefix), "_SHA256SUMS"), sums: name}
		sums, err := readSums(path)
		if err != nil {
			return nil, err
		}
		stem := prefix + rel.Version + "_"
		manifest := stem + "manifest.json"
		if rel.Protocols, err = readProtocols(filepath.Join(dir, manifest), sums[manifest]); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for file, sum := range sums {
			target, ok := strings.CutPrefix(file, stem)
			target, zip := strings.CutSuffix(target, ".zip")
			goos, arch, pair := strings.Cut(target, "_")
			if ok && zip && pair {
				rel.Platforms = append(rel.Platforms, platform{OS: goos, Arch: arch, filename: file, shasum: sum})
			}
		}
		if len(rel.Platforms) == 0 {
			return nil, fmt.Errorf("%s lists no %s*.zip", name, stem)
		}
		slices.SortFunc(rel.Platforms, func(a, b platform) int { return strings.Compare(a.filename, b.filename) })
		p.releases[rel.Version] = rel
	}
	return p, nil
}

// readSums parses a SHA256SUMS file: "<hex sha256>  <file name>" a line.
func readSums(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sums := map[string]string{}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 2 || len(fields[0]) != 2*sha256.Size {
			return nil, fmt.Errorf("%s:%d: not \"<sha256>  <file>\"", path, i+1)
		}
		sums[strings.TrimPrefix(fields[1], "*")] = fields[0]
	}
	return sums, nil
}

// readProtocols reads the plugin protocols from a registry manifest that
// SHA256SUMS lists with the given sum.
func readProtocols(path, sum string) ([]string, error) {
	if sum == "" {
		return nil, fmt.Errorf("does not list %s", filepath.Base(path))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum {
		return nil, fmt.Errorf("%s does not have the sha256 listed for it", filepath.Base(path))
	}
	var manifest struct {
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if len(manifest.Metadata.ProtocolVersions) == 0 {
		return nil, fmt.Errorf("%s names no metadata.protocol_versions", filepath.Base(path))
	}
	return manifest.Metadata.ProtocolVersions, nil
}

func (reg *registry) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/terraform.json", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"providers.v1": "/v1/providers/"})
	})
	mux.HandleFunc("GET /v1/providers/{namespace}/{type}/versions", reg.versions)
	mux.HandleFunc("GET /v1/providers/{namespace}/{type}/{version}/download/{os}/{arch}", reg.download)
	mux.HandleFunc("GET /files/{namespace}/{type}/{file}", reg.file)
	return logRequests(mux)
}

// lookup finds the provider the request's path names, or answers 404.
func (reg *registry) lookup(w http.ResponseWriter, r *http.Request) (*provider, bool) {
	p, ok := reg.providers[r.PathValue("namespace")+"/"+r.PathValue("type")]
	if !ok {
		notFound(w)
	}
	return p, ok
}

func (reg *registry) versions(w http.ResponseWriter, r *http.Request) {
	p, ok := reg.lookup(w, r)
	if !ok {
		return
	}
	answer := struct {
		Versions []*release `json:"versions"`
	}{}
	for _, rel := range p.releases {
		answer.Versions = append(answer.Versions, rel)
	}
	slices.SortFunc(answer.Versions, func(a, b *release) int { return strings.Compare(a.Version, b.Version) })
	writeJSON(w, http.StatusOK, answer)
}

func (reg *registry) download(w http.ResponseWriter, r *http.Request) {
	p, ok := reg.lookup(w, r)
	if !ok {
		return
	}
	rel, ok := p.releases[r.PathValue("version")]
	if !ok {
		notFound(w)
		return
	}
	i := slices.IndexFunc(rel.Platforms, func(pl platform) bool {
		return pl.OS == r.PathValue("os") && pl.Arch == r.PathValue("arch")
	})
	if i < 0 {
		notFound(w)
		return
	}
	pl := rel.Platforms[i]
	fileURL := func(name string) string {
		u := url.URL{Scheme: "https", Host: r.Host, Path: "/files/" + r.PathValue("namespace") + "/" + r.PathValue("type") + "/" + name}
		return u.String()
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"protocols":             rel.Protocols,
		"os":                    pl.OS,
		"arch":                  pl.Arch,
		"filename":              pl.filename,
		"download_url":          fileURL(pl.filename),
		"shasums_url":           fileURL(rel.sums),
		"shasums_signature_url": fileURL(rel.sums + ".sig"),
		"shasum":                pl.shasum,
		"signing_keys":          map[string]any{"gpg_public_keys": []signingKey{reg.key}},
	})
}

// file serves a release's zips, SHA256SUMS and its signature, and nothing
// else from the directory.
func (reg *registry) file(w http.ResponseWriter, r *http.Request) {
	p, ok := reg.lookup(w, r)
	if !ok {
		return
	}
	name := r.PathValue("file")
	for _, rel := range p.releases {
		if name == rel.sums || name == rel.sums+".sig" ||
			slices.ContainsFunc(rel.Platforms, func(pl platform) bool { return pl.filename == name }) {
			// name is one of the release's own file names, matched above.
			http.ServeFile(w, r, filepath.Join(p.dir, name)) //nolint:gosec // see above
			return
		}
	}
	notFound(w)
}

func notFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string][]string{"errors": {"Not Found"}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("writing the answer: %v", err)
	}
}

// logRequests logs every request with its status, so a test's log shows
// what the CLI fetched (the signature, the zip) before it refused. The
// line's form ("GET" "/path" 200) is read by scripts/release-test.sh, which
// counts the discovery requests: change both together.
func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.Printf("%q %q %d", r.Method, r.URL.Path, rec.status) //nolint:gosec // quoted, so a request cannot forge a line
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// newCertificate makes a certificate authority that lives as long as this
// process (its private key is never written down) and a certificate it
// signs for localhost, 127.0.0.1 and ::1. It returns the authority's
// certificate as PEM, for the CLI to trust, and the server's certificate.
// The serial numbers are left to x509.CreateCertificate, which makes random
// ones.
func newCertificate() ([]byte, tls.Certificate, error) {
	now := time.Now()
	ca, caKey, err := issue(&x509.Certificate{
		Subject:               pkix.Name{CommonName: "terraform-provider-indopay release test registry CA"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign,
	}, nil, nil)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	leaf, key, err := issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "localhost"},
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		NotBefore:   now.Add(-time.Minute),
		NotAfter:    now.Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ca, caKey)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw})
	return caPEM, tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key}, nil
}

// issue makes a P-256 key and a certificate for it from template, signed by
// parent's key, or by its own when parent is nil.
func issue(template, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	if parent == nil {
		parent, parentKey = template, key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// keyID returns the long key ID of the primary key of an ASCII-armored
// OpenPGP public key: the low 64 bits of its version 4 fingerprint, the
// SHA-1 of the key packet (RFC 4880 12.2). Reading it from the key, rather
// than being told it, also proves the key is one a CLI can read.
func keyID(armored []byte) (string, error) {
	data, err := dearmor(armored, "PGP PUBLIC KEY BLOCK")
	if err != nil {
		return "", err
	}
	tag, body, err := firstPacket(data)
	if err != nil {
		return "", err
	}
	if tag != 6 {
		return "", fmt.Errorf("the first packet has tag %d, not 6 (public key)", tag)
	}
	if len(body) == 0 || body[0] != 4 {
		return "", errors.New("not a version 4 key, the version Terraform and OpenTofu read")
	}
	if len(body) > 0xffff {
		return "", errors.New("the key packet is longer than a two-octet length can say")
	}
	h := sha1.New()                                                         //nolint:gosec // the fingerprint's own hash, not a security choice
	h.Write(binary.BigEndian.AppendUint16([]byte{0x99}, uint16(len(body)))) //nolint:gosec // bounded just above
	h.Write(body)
	return strings.ToUpper(hex.EncodeToString(h.Sum(nil)[12:])), nil
}

// dearmor returns the bytes of an ASCII-armored block (RFC 4880 6.2): the
// base64 lines after the armor headers, up to the checksum line.
func dearmor(armored []byte, kind string) ([]byte, error) {
	_, rest, ok := bytes.Cut(armored, []byte("-----BEGIN "+kind+"-----"))
	if !ok {
		return nil, fmt.Errorf("no -----BEGIN %s----- line", kind)
	}
	lines := strings.Split(strings.ReplaceAll(string(rest), "\r\n", "\n"), "\n")[1:]
	// Armor headers ("Comment: ...") end at the first empty line.
	for len(lines) > 0 && strings.TrimSpace(lines[0]) != "" {
		lines = lines[1:]
	}
	var b64 strings.Builder
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "=") || strings.HasPrefix(line, "-----END") {
			break
		}
		b64.WriteString(line)
	}
	return base64.StdEncoding.DecodeString(b64.String())
}

// firstPacket splits off the first OpenPGP packet (RFC 4880 4.2), in the old
// or the new header format.
func firstPacket(data []byte) (tag byte, body []byte, err error) {
	if len(data) < 2 || data[0]&0x80 == 0 {
		return 0, nil, errors.New("not an OpenPGP packet")
	}
	var length, offset int
	if data[0]&0x40 != 0 { // new format
		tag = data[0] & 0x3f
		switch l := int(data[1]); {
		case l < 192:
			length, offset = l, 2
		case l < 224 && len(data) >= 3:
			length, offset = (l-192)<<8+int(data[2])+192, 3
		case l == 255 && len(data) >= 6:
			length, offset = int(binary.BigEndian.Uint32(data[2:6])), 6
		default:
			return 0, nil, errors.New("a key packet of partial length")
		}
	} else { // old format
		tag = (data[0] >> 2) & 0x0f
		switch data[0] & 3 {
		case 0:
			length, offset = int(data[1]), 2
		case 1:
			if len(data) >= 3 {
				length, offset = int(binary.BigEndian.Uint16(data[1:3])), 3
			}
		case 2:
			if len(data) >= 5 {
				length, offset = int(binary.BigEndian.Uint32(data[1:5])), 5
			}
		}
	}
	if offset == 0 || offset+length > len(data) {
		return 0, nil, errors.New("a truncated OpenPGP packet")
	}
	return tag, data[offset : offset+length], nil
}

// writeFileAtomic writes through a temporary file and a rename, so a script
// that waits for the file never reads it half written.
func writeFileAtomic(path string, content []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".registry-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(content); err != nil {
		return errors.Join(err, tmp.Close(), os.Remove(tmp.Name()))
	}
	if err := tmp.Close(); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return os.Rename(tmp.Name(), path)
}
