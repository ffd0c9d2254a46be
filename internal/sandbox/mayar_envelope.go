package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
)

// Mayar answers every request in one envelope: {"statusCode", "messages"}
// and, on most successes, "data". These helpers build it, so that each
// handler says only what it answers.

// mayarData is Mayar's envelope with data.
type mayarData struct {
	StatusCode int    `json:"statusCode"`
	Messages   string `json:"messages"`
	Data       any    `json:"data"`
}

// mayarOK is a success with data.
func mayarOK(data any) response {
	return jsonResponse(http.StatusOK, mayarData{StatusCode: http.StatusOK, Messages: mayarMsgSuccess, Data: data})
}

// mayarSuccess is a success without data, as close, reopen, a status
// change and the webhook endpoints answer.
func mayarSuccess() response {
	return jsonResponse(http.StatusOK, mayarEnvelope{StatusCode: http.StatusOK, Messages: mayarMsgSuccess})
}

// mayarFailed is Mayar's HTTP 200 {"statusCode":200,"messages":"failed"}:
// a refusal that only the body tells apart from a success.
func mayarFailed() response {
	resp := jsonResponse(http.StatusOK, mayarEnvelope{StatusCode: http.StatusOK, Messages: mayarMsgFailed})
	resp.failure = true
	return resp
}

// mayarFail is a failure with its HTTP status, which FailuresWithHTTP200
// turns into mayarFailed.
func mayarFail(status int, msg string) response {
	return apiFailure(apiMayar, status, msg)
}

// mayarFieldError is one entry of the data of a refused product create or
// edit: {"type":"required","message":"The 'name' field is required.","field":"name"}.
type mayarFieldError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Field   string `json:"field"`
}

// mayarRefused is a refused product create or edit: HTTP 200, "failed",
// and data listing every field at fault. It is answered as such whatever
// FailuresWithHTTP200 says, since it is already Mayar's HTTP 200 form.
func mayarRefused(problems []mayarFieldError) response {
	return jsonResponse(http.StatusOK, mayarData{StatusCode: http.StatusOK, Messages: mayarMsgFailed, Data: problems})
}

// mayarCursorPage is one page of a V2 listing: hasMore, and the cursor of
// the next page (null on the last).
func mayarCursorPage[T any](data []T, next *string) response {
	return jsonResponse(http.StatusOK, struct {
		StatusCode        int     `json:"statusCode"`
		Messages          string  `json:"messages"`
		HasMore           bool    `json:"hasMore"`
		NextStartingAfter *string `json:"nextStartingAfter"`
		Data              []T     `json:"data"`
	}{http.StatusOK, mayarMsgSuccess, next != nil, next, data})
}

// mayarBody reads a write's JSON body; the response is the failure to
// answer when it cannot be read.
func mayarBody(r *http.Request) (map[string]json.RawMessage, response, bool) {
	body, err := readJSONBody(r)
	switch {
	case errors.Is(err, errBodyTooLarge):
		return nil, mayarFail(http.StatusRequestEntityTooLarge, mayarMsgBodyTooLarge), false
	case err != nil:
		return nil, mayarFail(http.StatusBadRequest, mayarMsgInvalidJSON), false
	}
	return body, response{}, true
}
