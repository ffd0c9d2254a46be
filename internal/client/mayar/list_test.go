package mayar_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/indopay/terraform-provider-indopay/internal/client/mayar"
)

// V1 requires a status: without one, the three statuses are listed
// together and merged newest first, the order V2 lists them in.
func TestV1WithoutStatusMergesNewestFirst(t *testing.T) {
	fake := &fakeMayar{items: makeItems(30)} // 10 of each status, one minute apart
	// Page 1 of every status is held until all three are in flight: a
	// client that lists one status after the other fails here.
	var mu sync.Mutex
	arrived := 0
	release := make(chan struct{})
	fake.gate = func(int) {
		mu.Lock()
		arrived++
		if arrived == 3 {
			close(release)
		}
		mu.Unlock()
		select {
		case <-release:
		case <-time.After(5 * time.Second): // the safety net
		}
	}
	res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := itemIDs(fake.items); !slices.Equal(ids(res.Payments), want) || res.Requests != 3 {
		t.Fatalf("got %v in %d requests, want %v in 3", ids(res.Payments), res.Requests, want)
	}
	if fake.maxInflight != 3 {
		t.Fatalf("at most %d requests in flight, want the 3 statuses at once", fake.maxInflight)
	}
	v2, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil || !slices.Equal(ids(v2.Payments), ids(res.Payments)) {
		t.Fatalf("V2 lists %v (%v), V1 %v", ids(v2.Payments), err, ids(res.Payments))
	}
}

// Requests created in the same millisecond are ordered by id, whatever
// status they have, so V1's merge is the same on every read.
func TestV1MergeBreaksTiesByID(t *testing.T) {
	items := makeItems(6)
	for i, it := range items {
		it["createdAt"] = items[0]["createdAt"]
		it["id"] = fmt.Sprintf("id-%04d", 10-i) // ids descend while the API order goes on
	}
	fake := &fakeMayar{items: items}
	res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"id-0005", "id-0006", "id-0007", "id-0008", "id-0009", "id-0010"}
	if !slices.Equal(ids(res.Payments), want) {
		t.Fatalf("got %v, want %v", ids(res.Payments), want)
	}
}

// Many pages of every status: page 1 of each, then every other page, at
// most four requests in flight per status listed, twelve for the three.
func TestV1StatusesShareTheConcurrencyBound(t *testing.T) {
	fake := &fakeMayar{items: makeItems(300), cap: 10} // 10 pages of each status
	var mu sync.Mutex
	arrived := 0
	release := make(chan struct{})
	fake.gate = func(page int) {
		// Pages 1 answer at once. The first twelve later pages are held
		// until all twelve are in flight, and a little longer: a
		// thirteenth sent meanwhile is counted in flight.
		if page < 2 {
			return
		}
		mu.Lock()
		arrived++
		n := arrived
		mu.Unlock()
		if n > 12 {
			return
		}
		if n == 12 {
			time.AfterFunc(100*time.Millisecond, func() { close(release) })
		}
		select {
		case <-release:
		case <-time.After(5 * time.Second):
		}
	}
	res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(res.Payments), itemIDs(fake.items)) || res.Requests != 30 {
		t.Fatalf("got %d items in %d requests, want 300 in 30", len(res.Payments), res.Requests)
	}
	if fake.maxInflight != 12 {
		t.Fatalf("at most %d requests in flight, want exactly 12", fake.maxInflight)
	}
}

// max_items over several statuses: only the pages the merged listing uses
// are read. The 30 newest are active; the 25 newest of all are the first
// three active pages (of 10), and page 1 of paid and of closed shows that
// nothing of theirs comes before.
func TestV1MaxItemsReadsOnlyWhatTheMergeNeeds(t *testing.T) {
	var items []item
	for i, it := range makeItems(90) {
		it["status"] = []string{"active", "paid", "closed"}[i/30]
		items = append(items, it)
	}
	for _, tc := range []struct {
		max  int
		want []map[string]string
	}{
		{25, []map[string]string{
			{"status": "active", "page": "1", "pageSize": "25"}, {"status": "paid", "page": "1", "pageSize": "25"},
			{"status": "closed", "page": "1", "pageSize": "25"},
			{"status": "active", "page": "2", "pageSize": "10"}, {"status": "active", "page": "3", "pageSize": "10"},
		}},
		{35, []map[string]string{
			{"status": "active", "page": "1", "pageSize": "35"}, {"status": "paid", "page": "1", "pageSize": "35"},
			{"status": "closed", "page": "1", "pageSize": "35"},
			{"status": "active", "page": "2", "pageSize": "10"}, {"status": "active", "page": "3", "pageSize": "10"},
		}},
		{45, []map[string]string{
			{"status": "active", "page": "1", "pageSize": "45"}, {"status": "paid", "page": "1", "pageSize": "45"},
			{"status": "closed", "page": "1", "pageSize": "45"},
			{"status": "active", "page": "2", "pageSize": "10"}, {"status": "active", "page": "3", "pageSize": "10"},
			{"status": "paid", "page": "2", "pageSize": "10"},
		}},
	} {
		t.Run(fmt.Sprint(tc.max), func(t *testing.T) {
			fake := &fakeMayar{items: items, cap: 10}
			res, err := newClient(t, fake, mayar.V1).ListPayments(context.Background(), mayar.ListOptions{MaxItems: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			if want := itemIDs(items[:tc.max]); !slices.Equal(ids(res.Payments), want) {
				t.Fatalf("got %v, want %v", ids(res.Payments), want)
			}
			wantQueries(t, fake.requests(), tc.want, true)
		})
	}
}

// created_after ends a listing at the first page that reaches it, on
// every status; created_before drops the newer items of the pages read.
func TestListCreatedBounds(t *testing.T) {
	items := makeItems(90) // one minute apart, statuses cycling
	at := func(i int) time.Time { ms, _ := items[i]["createdAt"].(int64); return time.UnixMilli(ms) }
	opts := mayar.ListOptions{CreatedAfter: at(50), CreatedBefore: at(12)}
	want := itemIDs(items[13:50])
	for _, tc := range []struct {
		v        mayar.Version
		status   string
		requests int
		want     []string
	}{
		// Pages of 10: items 0..59 hold the one at 50, so pages 1..6.
		{mayar.V2, "", 6, want},
		// Pages of 10 per status: a status's items 0..19 (items 0..59 of
		// all) hold the one at 50 or older, so pages 1 and 2 of each.
		{mayar.V1, "", 6, want},
		{mayar.V1, "paid", 2, nil},
		{mayar.V2, "paid", 2, nil},
	} {
		t.Run(string(tc.v)+"/"+tc.status, func(t *testing.T) {
			fake := &fakeMayar{items: items, cap: 10}
			o := opts
			o.Status = tc.status
			res, err := newClient(t, fake, tc.v).ListPayments(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if tc.status != "" {
				for _, it := range items[13:50] {
					if id, _ := it["id"].(string); it["status"] == tc.status {
						want = append(want, id)
					}
				}
			}
			if !slices.Equal(ids(res.Payments), want) || res.Requests != tc.requests {
				t.Fatalf("got %v in %d requests, want %v in %d", ids(res.Payments), res.Requests, want, tc.requests)
			}
		})
	}

	// created_before with max_items: pages are asked in full until the
	// items are older than created_before, and only then cut to what is
	// still wanted.
	fake := &fakeMayar{items: items, cap: 10}
	res, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(),
		mayar.ListOptions{CreatedBefore: at(14), MaxItems: 8, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(res.Payments), itemIDs(items[15:23])) {
		t.Fatalf("got %v", ids(res.Payments))
	}
	wantQueries(t, fake.requests(), []map[string]string{
		{"limit": "10"}, {"limit": "10", "startingAfter": "id-0009"}, {"limit": "3", "startingAfter": "id-0019"},
	}, false)

	if _, err := newClient(t, fake, mayar.V2).ListPayments(context.Background(),
		mayar.ListOptions{CreatedAfter: at(3), CreatedBefore: at(3)}); err == nil {
		t.Fatal("created after = created before was accepted")
	}
}
