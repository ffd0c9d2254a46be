package sandbox

import (
	"cmp"
	"slices"
)

// listed is what the sandbox keeps of Mayar's: payment requests and
// products, each kind in one slice in the API's order (newest first), found
// by id, and handed out only as copies.
type listed[T any] interface {
	// listKey orders the lists and finds an item: createdAt (epoch
	// milliseconds) and id.
	listKey() (createdAt int64, id string)
	// clone is a deep copy, sharing no memory with the original.
	clone() T
}

// compareListed is the order of Mayar's listings: newest first (createdAt
// descending), and items created in the same millisecond by id, so that
// every listing of the same data has one order.
func compareListed[T listed[T]](a, b T) int {
	aCreatedAt, aID := a.listKey()
	bCreatedAt, bID := b.listKey()
	if c := cmp.Compare(bCreatedAt, aCreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(aID, bID)
}

func listedID[T listed[T]](item T) string {
	_, id := item.listKey()
	return id
}

func indexListed[T listed[T]](items []T, id string) int {
	return slices.IndexFunc(items, func(item T) bool { return listedID(item) == id })
}

// cloneListed deep-copies items, so that neither a caller's later changes
// reach the sandbox nor the sandbox's reach the caller.
func cloneListed[T listed[T]](items []T) []T {
	if items == nil {
		return nil
	}
	out := make([]T, len(items))
	for i, item := range items {
		out[i] = item.clone()
	}
	return out
}

// sortListed puts items into the API's order, in place.
func sortListed[T listed[T]](items []T) {
	slices.SortStableFunc(items, compareListed[T])
}

// findListed is a copy of the item with id.
func findListed[T listed[T]](items []T, id string) (T, bool) {
	if i := indexListed(items, id); i >= 0 {
		return items[i].clone(), true
	}
	var none T
	return none, false
}

// insertListed puts item in its place in the API's order.
func insertListed[T listed[T]](items []T, item T) []T {
	at, _ := slices.BinarySearchFunc(items, item, compareListed[T])
	return slices.Insert(items, at, item)
}

// deleteListed removes the item with id and reports whether it was there.
func deleteListed[T listed[T]](items []T, id string) ([]T, bool) {
	i := indexListed(items, id)
	if i < 0 {
		return items, false
	}
	return slices.Delete(items, i, i+1), true
}
