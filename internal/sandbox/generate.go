package sandbox

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// The building blocks of generated payment requests: names with non-ASCII
// characters and descriptions with HTML, as real Mayar data has, so that
// decoding and rendering are exercised.
var (
	generatedNames = []string{
		"Pembayaran Kopi ☕ No. %d",
		"Tagihan Ibu Siti – Mei #%d",
		"Langganan Wi-Fi Rumah %d",
		"Donasi Masjid Al-Ikhlas (%d)",
		"Kelas Memasak « Rendang » %d",
		"Sewa Kamar Kos № %d",
		"Iuran RT 05/RW 02 – %d",
	}
	generatedDescriptions = []string{
		"<p>Pembayaran %s, mohon untuk menyelesaikan dan melakukan pembayaran.</p>\n",
		"<p>Terima kasih! Silakan bayar <strong>%s</strong> sebelum jatuh tempo.</p>\n",
		"<p>%s &amp; biaya layanan sudah termasuk.</p>\n<ul><li>Transfer</li><li>QRIS</li></ul>\n",
	}
	generatedStatuses   = []string{mayarActive, mayarPaid, mayarClosed}
	generatedCategories = []string{"Donasi", "Jasa", "Produk Digital"}
)

// GenerateMayarPayments returns n payment requests, the same for the same
// arguments: ids shaped like UUIDs and derived from the index, statuses
// cycling active, paid, closed, some nullable fields null and others set,
// createdAt strictly decreasing one minute apart from newest (newest first,
// the API's order).
func GenerateMayarPayments(n int, newest time.Time) []MayarPayment {
	out := make([]MayarPayment, 0, max(n, 0))
	// u is i as the unsigned seed of the derived ids.
	for i, u := 0, uint64(0); i < n; i, u = i+1, u+1 {
		num := i + 1
		name := fmt.Sprintf(generatedNames[i%len(generatedNames)], num)
		p := MayarPayment{
			ID:          generatedUUID(idPayment, u),
			CreatedAt:   newest.Add(-time.Duration(i) * time.Minute).UnixMilli(),
			Description: fmt.Sprintf(generatedDescriptions[i%len(generatedDescriptions)], name),
			Link:        generatedLink(idPayment, u),
			Type:        "payment_request",
			Status:      generatedStatuses[i%len(generatedStatuses)],
			Name:        name,
		}
		if i%5 != 4 { // every fifth has no fixed amount (the payer chooses)
			amount := int64(10000 + (i*7919)%490000)
			amount -= amount % 500
			p.Amount = &amount
		}
		if i%4 == 1 {
			p.Category = ptr(generatedCategories[i%len(generatedCategories)])
		}
		if i%6 == 2 {
			limit := float64(10 + i)
			p.Limit = &limit
		}
		if i%4 == 3 {
			p.RedirectURL = ptr(fmt.Sprintf("https://toko.example/terima-kasih?ref=%d", num))
		}
		if i%7 == 5 {
			p.InstallmentID = ptr(generatedUUID(idInstallment, u))
		}
		if i%8 == 6 {
			imageID := generatedUUID(idCoverImage, u)
			p.CoverImageID = &imageID
			p.CoverImage = mustJSON(map[string]any{
				"id":        imageID,
				"url":       fmt.Sprintf("https://cdn.example/cover/%d.png", num),
				"createdAt": p.CreatedAt,
			})
		}
		if i%9 == 7 {
			groupID := generatedUUID(idImageGroup, u)
			p.MultipleImageID = &groupID
			p.MultipleImage = mustJSON([]map[string]any{
				{"id": generatedUUID(idImage, 2*u), "url": fmt.Sprintf("https://cdn.example/gallery/%d-1.png", num)},
				{"id": generatedUUID(idImage, 2*u+1), "url": fmt.Sprintf("https://cdn.example/gallery/%d-2.png", num)},
			})
		}
		out = append(out, p)
	}
	return out
}

// splitmix64 scrambles an index into well-spread bits, so derived ids look
// random yet never change between runs.
func splitmix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

// What a generated id names; part of its derivation, so ids of different
// things never coincide.
const (
	idPayment uint64 = iota
	idInstallment
	idCoverImage
	idImageGroup
	idImage
	idProduct
	idProductImage
	idEvent
)

// generatedUUID is a version-4-shaped UUID derived from what it names and
// the index.
func generatedUUID(kind, i uint64) string {
	seed := i<<4 | kind<<1
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], splitmix64(seed))
	binary.BigEndian.PutUint64(b[8:], splitmix64(seed|1))
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// generatedLink is a ten-letter slug derived from what it links to and i.
func generatedLink(kind, i uint64) string {
	x := splitmix64(i ^ 0x5A5A5A5A ^ kind<<56)
	out := make([]byte, 10)
	for j := range out {
		out[j] = byte('a' + x%26)
		x /= 26
	}
	return string(out)
}

func ptr[T any](v T) *T { return &v }

func mustJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only literal maps of strings and numbers reach here
	}
	return data
}

// The building blocks of the generated catalog. Types cycle so that payment
// links are three in ten; their names cycle on their own.
var (
	generatedProductTypes = []string{
		MayarPaymentLink, "digital_product", "event", MayarPaymentLink, "webinar",
		"course", MayarPaymentLink, "ebook", "membership", "invoice",
	}
	generatedProductNames = map[string]string{
		"digital_product": "Template Undangan Digital %d",
		"event":           "Konser Amal « Harmoni » %d",
		"webinar":         "Webinar Pajak UMKM – Sesi %d",
		"course":          "Kelas Bahasa Jepang № %d",
		"ebook":           "E-book Resep Nusantara %d",
		"membership":      "Membership Komunitas Lari %d",
		"invoice":         "Invoice Jasa Desain #%d",
	}
	generatedLinkNames = []string{
		"Kopi Susu Gula Aren ☕ %d",
		"Jasa Servis AC – Unit %d",
		"Donasi Bebas Panti Asuhan (%d)",
		"Sewa Tenda & Kursi %d",
	}
	generatedLinkStatuses = []string{mayarActive, mayarClosed, mayarUnlisted}
)

// GenerateMayarProducts returns a catalog of n products other than payment
// requests, the same for the same arguments: product types cycling
// generic_link (three in ten), digital_product, event, webinar, course,
// ebook, membership, invoice; payment links cycling active, closed,
// unlisted, every fourth without an amount (the payer chooses), some with
// a limit, a redirect URL, notes, tax or an expiry; every product with a
// cover image object and an HTML description; events and webinars with an
// event object; createdAt strictly decreasing one minute apart from newest.
// From 11 products on, the catalog holds a payment link in each status and
// one without an amount.
func GenerateMayarProducts(n int, newest time.Time) []MayarProduct {
	out := make([]MayarProduct, 0, max(n, 0))
	links := 0 // payment links so far
	for i, u := 0, uint64(0); i < n; i, u = i+1, u+1 {
		num := i + 1
		kind := generatedProductTypes[i%len(generatedProductTypes)]
		createdAt := newest.Add(-time.Duration(i) * time.Minute)
		p := MayarProduct{
			ID:        generatedUUID(idProduct, u),
			Type:      kind,
			Status:    mayarActive,
			Link:      generatedLink(idProduct, u),
			CreatedAt: createdAt.UnixMilli(),
			CoverImage: mustJSON(map[string]any{
				"id":        generatedUUID(idProductImage, 3*u),
				"url":       fmt.Sprintf("https://cdn.example/product/%d.png", num),
				"createdAt": createdAt.UnixMilli(),
			}),
		}
		amount := int64(25000 + (i*6143)%975000)
		amount -= amount % 1000
		p.Amount = &amount
		if kind == MayarPaymentLink {
			k := links
			links++
			p.Name = fmt.Sprintf(generatedLinkNames[k%len(generatedLinkNames)], num)
			p.Status = generatedLinkStatuses[k%len(generatedLinkStatuses)]
			if k%4 == 3 {
				p.Amount = nil
			}
			if k%2 == 1 {
				p.Limit = ptr(int64(100 + k))
			}
			if k%3 == 1 {
				p.RedirectURL = ptr(fmt.Sprintf("https://toko.example/terima-kasih?produk=%d", num))
			}
			if k%2 == 0 {
				p.Notes = ptr(fmt.Sprintf("Catatan internal %d", num))
			}
			if k%3 == 2 {
				p.Tax = ptr(amount / 10)
			}
			if k%5 == 4 {
				p.ExpiredAt = newest.AddDate(0, 6, 0).UTC().Format(isoMillisInUTCFmt)
			}
		} else {
			p.Name = fmt.Sprintf(generatedProductNames[kind], num)
			if i%4 == 3 {
				p.Status = mayarClosed
			}
		}
		p.Description = fmt.Sprintf(generatedDescriptions[i%len(generatedDescriptions)], p.Name)
		if i%3 == 1 {
			p.Category = ptr(generatedCategories[i%len(generatedCategories)])
		}
		if kind == "event" || kind == "webinar" {
			start := newest.AddDate(0, 1, i)
			p.Event = mustJSON(map[string]any{
				"id":      generatedUUID(idEvent, u),
				"startAt": start.UnixMilli(),
				"endAt":   start.Add(2 * time.Hour).UnixMilli(),
			})
		}
		if i%5 == 2 {
			p.MultipleImage = mustJSON([]map[string]any{
				{"id": generatedUUID(idProductImage, 3*u+1), "url": fmt.Sprintf("https://cdn.example/product/%d-1.png", num)},
				{"id": generatedUUID(idProductImage, 3*u+2), "url": fmt.Sprintf("https://cdn.example/product/%d-2.png", num)},
			})
		}
		out = append(out, p)
	}
	return out
}
