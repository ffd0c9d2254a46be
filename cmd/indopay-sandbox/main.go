// Command indopay-sandbox runs the in-memory PayGet and Mayar emulator
// (internal/sandbox) as a local HTTP server, for the demo and for trying
// the provider by hand without real accounts.
//
// On start it prints on stdout, in this order, the environment variables
// the provider reads, as lines to paste into a shell:
//
//	export PAYGET_BASE_URL=http://127.0.0.1:PORT
//	export MAYAR_BASE_URL=http://127.0.0.1:PORT
//	export PAYGET_API_KEY=...
//	export MAYAR_API_KEY=...
//
// and serves until SIGINT or SIGTERM. With -webhook-receiver it is instead a
// webhook endpoint for the sandbox's Mayar events: it prints
// INDOPAY_WEBHOOK_URL=http://127.0.0.1:PORT/hooks/<secret>, then one line
// "EVENT <json>" per event POSTed there, and on stderr one line for each
// request it refuses (a wrong path, such as a mistyped secret, or a wrong
// method or body). It listens on loopback only: its keys are published in
// the source, so anything it serves must stay on this machine.
//
// Besides both APIs it serves the sandbox's own endpoints, which play the
// payer (no key needed):
//
//	curl -X POST $INDOPAY_SANDBOX_URL/_sandbox/payget/payments/<id>/pay     # Pending -> Success
//	curl -X POST $INDOPAY_SANDBOX_URL/_sandbox/payget/payments/<id>/expire  # Pending -> Expired
//	curl -X POST $INDOPAY_SANDBOX_URL/_sandbox/mayar/payments/<id>/pay      # an open payment request -> paid, payment.received to the webhook
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/transport"
	"github.com/indopay/terraform-provider-indopay/internal/sandbox"
)

// shutdownGrace is how long in-flight requests get to finish on SIGINT or
// SIGTERM before their connections are closed.
const shutdownGrace = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2) // the flag package already said what is wrong
	default:
		fmt.Fprintln(os.Stderr, "indopay-sandbox:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// config is what the flags set.
type config struct {
	listen    string
	urlFile   string
	opts      sandbox.Options
	generated int
	products  int
	receiver  bool
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("indopay-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "loopback `address` to listen on; port 0 picks a free port")
	fs.StringVar(&cfg.urlFile, "url-file", "", "write the server's URL to this `file` once listening (removed again on exit), for scripts")
	fs.DurationVar(&cfg.opts.Latency, "latency", 0, "latency added to every request")
	shape := fs.String("payget-shape", "a", "PayGet create response shape: a (the first documented response shape: flat, 10-minute expiry, fee above 500000) or b (the second: nested \"payment\", 30-minute expiry, fee from 500000)")
	fs.BoolVar(&cfg.opts.FailuresWithHTTP200, "failures-http200", false, "answer API failures with HTTP 200 (success:false / messages:\"failed\") instead of their native status")
	fs.IntVar(&cfg.opts.MayarPageCap, "mayar-page-cap", 100, "largest Mayar page served (V1 pageSize, V2 limit; a V2 limit above 50 is refused)")
	fs.IntVar(&cfg.opts.MayarRateLimit, "mayar-rate-limit", 20, "Mayar requests per window and client IP (Mayar documents 20 per minute); 0 turns the limit off")
	fs.DurationVar(&cfg.opts.MayarRateWindow, "mayar-rate-window", time.Minute, "sliding window of the Mayar rate limit")
	fs.IntVar(&cfg.generated, "mayar-payments", 25, "number of generated Mayar payment requests")
	fs.IntVar(&cfg.products, "mayar-products", 20, "number of generated products in Mayar's catalog besides the payment requests (payment links, digital products, events, ...)")
	fs.BoolVar(&cfg.receiver, "webhook-receiver", false, "instead of the sandbox, run a webhook receiver: print INDOPAY_WEBHOOK_URL=<url with a secret path>, then one line \"EVENT <json>\" per event POSTed to it")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, errUsage
	}

	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments %q: every setting is a flag", fs.Args()))
	}
	switch strings.ToLower(*shape) {
	case "a":
		cfg.opts.PayGetShape = sandbox.ShapeA
	case "b":
		cfg.opts.PayGetShape = sandbox.ShapeB
	default:
		problems = append(problems, fmt.Sprintf("-payget-shape %q: want a or b", *shape))
	}
	if cfg.opts.Latency < 0 {
		problems = append(problems, "-latency must not be negative")
	}
	if cfg.opts.MayarPageCap < 1 {
		problems = append(problems, "-mayar-page-cap must be at least 1")
	}
	if cfg.opts.MayarRateLimit < 0 {
		problems = append(problems, "-mayar-rate-limit must not be negative (0 turns it off)")
	}
	if cfg.opts.MayarRateWindow <= 0 {
		problems = append(problems, "-mayar-rate-window must be positive")
	}
	if cfg.generated < 0 {
		problems = append(problems, "-mayar-payments must not be negative")
	}
	if cfg.products < 0 {
		problems = append(problems, "-mayar-products must not be negative")
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "indopay-sandbox:", p)
		}
		return cfg, errUsage
	}
	return cfg, nil
}

// run starts the sandbox, announces it on stdout and serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.receiver {
		return runReceiver(ctx, cfg, stdout, stderr)
	}
	newest := time.Now().Truncate(time.Minute)
	cfg.opts.MayarPayments = sandbox.GenerateMayarPayments(cfg.generated, newest)
	// Half a minute apart from the payment requests, so the catalog, which
	// lists both, interleaves them.
	cfg.opts.MayarProducts = sandbox.GenerateMayarProducts(cfg.products, newest.Add(-30*time.Second))
	sb := sandbox.New(cfg.opts)

	l, err := listenLoopback(cfg.listen)
	if err != nil {
		return err
	}
	url := "http://" + l.Addr().String()
	srv := &http.Server{
		Handler:           sb,
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()

	out := bufio.NewWriter(stdout)
	fmt.Fprintf(out, "export PAYGET_BASE_URL=%s\nexport MAYAR_BASE_URL=%s\nexport PAYGET_API_KEY=%s\nexport MAYAR_API_KEY=%s\n",
		url, url, sandbox.PayGetKey, sandbox.MayarKey)
	if err := out.Flush(); err != nil {
		_ = srv.Close()
		return fmt.Errorf("write to stdout: %w", err)
	}
	// The URL file comes after stdout, so a script that waits for the file
	// finds the keys already printed.
	if cfg.urlFile != "" {
		if err := writeFileAtomic(cfg.urlFile, url+"\n"); err != nil {
			_ = srv.Close()
			return fmt.Errorf("-url-file: %w", err)
		}
		defer os.Remove(cfg.urlFile)
	}

	fmt.Fprintf(stderr, "indopay-sandbox: serving PayGet (/api) and Mayar (/hl/v1, /hl/v2) on %s\n", url)
	fmt.Fprintf(stderr, "indopay-sandbox: PayGet shape %s; %d Mayar payment requests and %d other products (V2 /hl/v2/products); Mayar rate limit %d per %s (0 = off); page cap %d\n",
		cfg.opts.PayGetShape, cfg.generated, cfg.products, cfg.opts.MayarRateLimit, transport.FormatDuration(cfg.opts.MayarRateWindow), cfg.opts.MayarPageCap)
	fmt.Fprintf(stderr, "indopay-sandbox: also known: PayGet key of a second account %s, read-only Mayar key %s\n",
		sandbox.PayGetOtherKey, sandbox.MayarReadOnlyKey)
	fmt.Fprintf(stderr, "indopay-sandbox: to pay a PayGet payment as its payer would: curl -X POST %s%spayget/payments/<id>/pay (or .../expire)\n",
		url, sandbox.AdminPrefix)
	fmt.Fprintf(stderr, "indopay-sandbox: to pay a Mayar payment request (payment.received goes to the webhook URL set): curl -X POST %s%smayar/payments/<id>/pay\n",
		url, sandbox.AdminPrefix)

	if err := serveUntilDone(ctx, srv, served); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "indopay-sandbox: stopped after %d requests (%d rate limited)\n", sb.RequestCount(sandbox.RouteAny), sb.RateLimited())
	return nil
}

// listenLoopback listens on addr only if it is a loopback address, and
// checks again what it actually bound, in case a name resolved elsewhere.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("-listen %q: %w", addr, err)
	}
	if !isLoopbackHost(host) {
		return nil, fmt.Errorf("-listen %q: refusing a non-loopback address: the sandbox's API keys are public, so it listens only on 127.0.0.1, ::1 or localhost", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if tcp, ok := l.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		_ = l.Close()
		return nil, fmt.Errorf("-listen %q bound %s, which is not loopback", addr, l.Addr())
	}
	return l, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writeFileAtomic writes through a temporary file and a rename, so a
// script polling for the file never reads it half written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".indopay-sandbox-url-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// serveUntilDone waits for ctx to end (or the server to fail), then shuts
// srv down within shutdownGrace; served carries Serve's result.
func serveUntilDone(ctx context.Context, srv *http.Server, served <-chan error) error {
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Requests still waiting (a long latency or slow fault) are cut
		// off: closing their connections also ends their waits.
		_ = srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
