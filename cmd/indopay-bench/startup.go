package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Start-up is measured the way Terraform starts a plugin, without Terraform:
// launch the binary with go-plugin's handshake environment, read the
// handshake line it prints once its gRPC server listens, connect, and time
// GetProviderSchema, the first call Terraform makes. The request and
// answer travel as raw protobuf bytes: GetProviderSchema's request message
// has no fields, so its encoding is empty, and the answer only needs to be
// complete, not decoded.

// Terraform's plugin handshake (terraform-plugin-go's tf6server.Serve).
const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"

	methodGetProviderSchema = "/tfplugin6.Provider/GetProviderSchema"
	methodShutdown          = "/plugin.GRPCController/Shutdown"
)

type startupSample struct {
	Handshake time.Duration // exec until the handshake line: the plugin listens
	Schema    time.Duration // exec until GetProviderSchema answered: what Terraform waits for
	SchemaLen int           // bytes of the schema answer
}

// rawCodec passes bytes through; it is named "proto" so that the server,
// which only knows protobuf, accepts the content type.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return *b, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	b, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*b = append((*b)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

func measureStartup(ctx context.Context, provider string) (startupSample, error) {
	var s startupSample
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	cmd := exec.CommandContext(ctx, provider)
	cmd.Env = append(cleanEnv(), magicCookieKey+"="+magicCookieValue, "PLUGIN_PROTOCOL_VERSIONS=6")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return s, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return s, err
	}
	defer func() {
		// Stopped over gRPC below; killed only if that failed.
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}()

	line, err := bufio.NewReader(stdout).ReadString('\n')
	s.Handshake = time.Since(start)
	if err != nil {
		return s, fmt.Errorf("no handshake line from the provider (%w); stderr: %s", err, excerpt(stderr.String()))
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) < 5 || parts[1] != "6" || parts[4] != "grpc" {
		_ = cmd.Process.Kill()
		return s, fmt.Errorf("unexpected handshake line %q", line)
	}
	target := parts[3]
	if parts[2] == "unix" {
		target = "unix:" + target
	}
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		_ = cmd.Process.Kill()
		return s, err
	}
	defer conn.Close()

	req, resp := []byte{}, []byte{}
	if err := conn.Invoke(ctx, methodGetProviderSchema, &req, &resp, grpc.ForceCodec(rawCodec{})); err != nil {
		_ = cmd.Process.Kill()
		return s, fmt.Errorf("GetProviderSchema: %w", err)
	}
	s.Schema = time.Since(start)
	s.SchemaLen = len(resp)
	if !bytes.Contains(resp, []byte("indopay_payget_payment")) {
		_ = cmd.Process.Kill()
		return s, errors.New("GetProviderSchema answered without indopay_payget_payment")
	}
	var empty []byte
	if err := conn.Invoke(ctx, methodShutdown, &req, &empty, grpc.ForceCodec(rawCodec{})); err != nil {
		_ = cmd.Process.Kill()
	}
	return s, nil
}

func excerpt(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 400 {
		s = s[:400] + "..."
	}
	return s
}

// cleanEnv is this process's environment without what would change how
// Terraform or the provider behave: logging, extra CLI arguments, another
// CLI configuration, and the provider's own environment fallbacks.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_"), strings.HasPrefix(name, "PAYGET_"), strings.HasPrefix(name, "MAYAR_"),
			strings.HasPrefix(name, "INDOPAY_"), strings.HasPrefix(name, "PLUGIN_"), name == "CHECKPOINT_DISABLE":
			continue
		}
		out = append(out, kv)
	}
	return out
}
