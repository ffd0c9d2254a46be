package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// maxEventBytes bounds one event's body.
const maxEventBytes = 1 << 20

// receiver is a webhook endpoint for the demo and for trying the webhook by
// hand: it accepts POSTs on one secret path, the way the provider's docs
// tell merchants to, and prints each event as one line of JSON on out. Each
// request it refuses gets a line on log, so that a URL with a mistyped
// secret, which Mayar's test endpoint reports as sent, is seen to miss.
type receiver struct {
	path string

	mu  sync.Mutex
	out io.Writer
	log io.Writer
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != rc.path {
		// An event without the secret is not Mayar's.
		rc.refuse(w, r, http.StatusNotFound, "not the secret path of INDOPAY_WEBHOOK_URL")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		rc.refuse(w, r, http.StatusMethodNotAllowed, "events are POSTed")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxEventBytes+1))
	if err != nil || len(body) > maxEventBytes {
		rc.refuse(w, r, http.StatusBadRequest, "the body is unreadable or larger than 1 MiB")
		return
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, body); err != nil {
		rc.refuse(w, r, http.StatusBadRequest, "the body is not JSON")
		return
	}
	rc.mu.Lock()
	fmt.Fprintf(rc.out, "EVENT %s\n", compact.Bytes())
	rc.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"received":true}`)
}

// refuse answers status with why, and says so on rc.log. The path is
// quoted, since it is whatever the sender chose.
func (rc *receiver) refuse(w http.ResponseWriter, r *http.Request, status int, why string) {
	rc.mu.Lock()
	fmt.Fprintf(rc.log, "indopay-sandbox: refused %s %q: %s (answered HTTP %d)\n", r.Method, r.URL.Path, why, status)
	rc.mu.Unlock()
	http.Error(w, why, status)
}

// runReceiver serves a receiver on a loopback address until ctx ends. It
// prints INDOPAY_WEBHOOK_URL=<url with the secret path> first, then one
// "EVENT <json>" line per event.
func runReceiver(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	rc := &receiver{path: "/hooks/" + hex.EncodeToString(secret), out: stdout, log: stderr}
	l, err := listenLoopback(cfg.listen)
	if err != nil {
		return err
	}
	hookURL := "http://" + l.Addr().String() + rc.path
	srv := &http.Server{Handler: rc, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()

	rc.mu.Lock()
	_, err = fmt.Fprintf(stdout, "INDOPAY_WEBHOOK_URL=%s\n", hookURL)
	rc.mu.Unlock()
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("write to stdout: %w", err)
	}
	if cfg.urlFile != "" {
		if err := writeFileAtomic(cfg.urlFile, hookURL+"\n"); err != nil {
			_ = srv.Close()
			return fmt.Errorf("-url-file: %w", err)
		}
		defer os.Remove(cfg.urlFile)
	}
	rc.mu.Lock()
	fmt.Fprintf(stderr, "indopay-sandbox: receiving webhook events on %s\n", hookURL)
	rc.mu.Unlock()

	return serveUntilDone(ctx, srv, served)
}
