package sandbox

import (
	"crypto/rand"
	"fmt"
)

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// randomString draws n characters from alphabet with crypto/rand, rejecting
// bytes that would bias the draw. Ids must be unguessable: the status
// endpoint answers anyone who knows one.
func randomString(n int, alphabet string) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/2)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails (it panics instead)
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// newPayGetID is a PayGet payment id: 16 lowercase alphanumerics, like the
// "a1b2c3d4e5f6g7h8" of PayGet's examples.
func newPayGetID() string {
	return randomString(16, lowerAlnum)
}

// newUUID is a random (version 4) UUID, the shape of Mayar's ids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

func formatUUID(b [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// newMayarLink is a payment request's or a payment link's slug, like the
// "pagovztwbu" of Mayar's examples.
func newMayarLink() string {
	return randomString(10, "abcdefghijklmnopqrstuvwxyz")
}
