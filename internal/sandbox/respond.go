package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// response is an answer computed before it is sent, so that a fault can
// delay it, cut it short or replace it after the API did its work.
type response struct {
	status      int
	contentType string
	header      http.Header // extra headers (Retry-After, Allow)
	body        []byte
	failure     bool // an API failure that FailuresWithHTTP200 turns into HTTP 200
}

const contentTypeJSON = "application/json; charset=utf-8"

// jsonResponse encodes v without escaping <, > and &: the real APIs are
// Node servers, which send HTML in descriptions as is.
func jsonResponse(status int, v any) response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only a MayarPayment with an invalid json.RawMessage set by a test
		// can get here; say so rather than answer half a body.
		return response{
			status:      http.StatusInternalServerError,
			contentType: "text/plain; charset=utf-8",
			body:        []byte("sandbox: cannot encode response: " + err.Error() + "\n"),
		}
	}
	return response{status: status, contentType: contentTypeJSON, body: bytes.TrimSuffix(buf.Bytes(), []byte("\n"))}
}

// paygetFailure is PayGet's failure envelope.
type paygetFailure struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

// mayarEnvelope is Mayar's envelope without data.
type mayarEnvelope struct {
	StatusCode int    `json:"statusCode"`
	Messages   string `json:"messages"`
}

// apiFailure answers a failure in the envelope of the API the path belongs
// to.
func apiFailure(a api, status int, message string) response {
	var resp response
	switch a {
	case apiMayar:
		resp = jsonResponse(status, mayarEnvelope{StatusCode: status, Messages: message})
	default:
		resp = jsonResponse(status, paygetFailure{Success: false, Message: message})
	}
	resp.failure = true
	return resp
}

// failureAsHTTP200 is how an API that reports failures in the body answers:
// PayGet keeps its body (success:false says it all); Mayar answers the
// {"statusCode":200,"messages":"failed"} it is known to send.
func failureAsHTTP200(a api, resp response) response {
	if a == apiMayar {
		out := jsonResponse(http.StatusOK, mayarEnvelope{StatusCode: http.StatusOK, Messages: "failed"})
		out.failure = true
		return out
	}
	resp.status = http.StatusOK
	return resp
}

func notFound(a api) response {
	switch a {
	case apiPayGet:
		return apiFailure(a, http.StatusNotFound, "Not found.")
	case apiMayar:
		return apiFailure(a, http.StatusNotFound, "Not Found")
	}
	return response{
		status:      http.StatusNotFound,
		contentType: "text/plain; charset=utf-8",
		body:        []byte("404 page not found\n"),
	}
}

// methodNotAllowed is PayGet's answer to a method its path does not serve.
func methodNotAllowed(a api, allowed []string) response {
	resp := apiFailure(a, http.StatusMethodNotAllowed, "Method not allowed.")
	resp.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
	return resp
}

// serviceUnavailable is a 503 in the API's envelope, with Retry-After when
// the fault asks for one.
func serviceUnavailable(a api, retryAfter time.Duration) response {
	msg := "Service Unavailable"
	if a == apiPayGet {
		msg = "Service temporarily unavailable."
	}
	resp := apiFailure(a, http.StatusServiceUnavailable, msg)
	resp.failure = false
	if retryAfter > 0 {
		resp.header = http.Header{"Retry-After": {retryAfterSeconds(retryAfter)}}
	}
	return resp
}

func tooManyRequests(a api, retryAfter time.Duration) response {
	msg := "Too Many Requests"
	if a == apiPayGet {
		msg = "Too many requests."
	}
	resp := apiFailure(a, http.StatusTooManyRequests, msg)
	resp.failure = false
	resp.header = http.Header{"Retry-After": {retryAfterSeconds(retryAfter)}}
	return resp
}

// badGatewayHTML is what a reverse proxy answers when the API behind it is
// down: HTML, not JSON.
func badGatewayHTML() response {
	const page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
		"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	return response{status: http.StatusBadGateway, contentType: "text/html", body: []byte(page)}
}

// retryAfterSeconds renders d as Retry-After wants it: whole seconds,
// rounded up, at least 1 (0 would invite an immediate retry storm).
func retryAfterSeconds(d time.Duration) string {
	secs := int64(math.Ceil(d.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return strconv.FormatInt(secs, 10)
}

// send logs resp's status, then writes resp.
func send(w http.ResponseWriter, resp response, commit func(int)) {
	commit(resp.status)
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	if resp.contentType != "" {
		h.Set("Content-Type", resp.contentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body) // a client that went away is not the sandbox's error
}

// writeTruncated announces the full body in Content-Length, sends half of
// it and closes the connection, as a server that dies mid-answer does.
// net/http would refuse to send fewer bytes than announced, so the answer is
// written on the hijacked connection.
func writeTruncated(w http.ResponseWriter, resp response, commit func(int)) {
	conn, buf := hijack(w)
	defer conn.Close()
	h := http.Header{}
	for k, v := range resp.header {
		h[k] = v
	}
	if resp.contentType != "" {
		h.Set("Content-Type", resp.contentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	commit(resp.status)
	fmt.Fprintf(buf, "HTTP/1.1 %03d %s\r\n", resp.status, http.StatusText(resp.status))
	_ = h.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(resp.body[:len(resp.body)/2])
	_ = buf.Flush()
	// Half-close first so the client reads the half body before it sees
	// the end of the stream, rather than a reset that may discard it.
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.CloseWrite()
	}
}

// resetConnection drops the connection without a byte of response. A
// linger of 0 makes the close a TCP reset, the way a crashing proxy or a
// load balancer's idle timeout looks to a client.
func resetConnection(w http.ResponseWriter) {
	conn, _ := hijack(w)
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// hijack takes the connection over from net/http. Servers that cannot hand
// it over (HTTP/2) get the request aborted instead, which also leaves the
// client without a complete answer.
func hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	return conn, rw
}

// bufferBody reads the request body into memory before any waiting.
// net/http notices that a client hung up (and cancels the request's
// context) only once the body has been read to its end; a POST waiting on
// latency with its body unread would otherwise sleep the full delay for a
// client long gone.
func bufferBody(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil || len(data) > maxRequestBody {
		// Too large or broken: let the handler meet the rest, or the error.
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), r.Body))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
}

// sleep waits d unless ctx ends first; it reports whether the full wait
// happened. A client that gave up must not leave a handler sleeping.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// clientIP is the host part of the peer address, the key of the rate limit.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
