package sandbox

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"rsc.io/qr"
)

// QRISPayload is the text the sandbox encodes in a payment's QR code: an
// EMVCo merchant-presented payload laid out like a dynamic QRIS code (tag,
// two-digit length, value), carrying the amount and, as the reference label,
// the payment id, and closed by the CRC the standard prescribes. The
// merchant fields name the sandbox, so no real wallet would pay it.
func QRISPayload(paymentID string, amount int64) string {
	var b strings.Builder
	tlv(&b, "00", "01") // payload format indicator
	tlv(&b, "01", "12") // dynamic: one payment, one amount
	var merchant strings.Builder
	tlv(&merchant, "00", "ID.INDOPAY.SANDBOX")
	tlv(&merchant, "01", "9360000000000000")
	tlv(&b, "26", merchant.String())
	tlv(&b, "52", "4829") // merchant category: money transfer (a top-up)
	tlv(&b, "53", "360")  // ISO 4217 rupiah
	tlv(&b, "54", strconv.FormatInt(amount, 10))
	tlv(&b, "58", "ID")
	tlv(&b, "59", "INDOPAY SANDBOX")
	tlv(&b, "60", "JAKARTA")
	var extra strings.Builder
	tlv(&extra, "05", paymentID) // reference label
	tlv(&b, "62", extra.String())
	b.WriteString("6304") // the CRC covers its own tag and length
	fmt.Fprintf(&b, "%04X", crc16CCITT(b.String()))
	return b.String()
}

func tlv(b *strings.Builder, tag, value string) {
	fmt.Fprintf(b, "%s%02d%s", tag, len(value), value)
}

// crc16CCITT is CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), the
// checksum of EMVCo QR payloads.
func crc16CCITT(s string) uint16 {
	crc := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// qrDataURI renders payload as a QR code PNG in a data URI, the form the
// API's qrCode field has.
func qrDataURI(payload string) (string, error) {
	code, err := qr.Encode(payload, qr.M)
	if err != nil {
		return "", fmt.Errorf("encode QR code: %w", err)
	}
	code.Scale = 6
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(code.PNG()), nil
}
