package main

import (
	"fmt"
	"slices"
	"time"
)

// spread is the summary of repeated measurements: the median, and the
// minimum and maximum as the spread (with five runs, quartiles would be
// two points each; min and max hide nothing).
type spread struct {
	N                int
	Median, Min, Max float64
}

func summarize(xs []float64) spread {
	if len(xs) == 0 {
		return spread{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return spread{N: len(s), Median: median(s), Min: s[0], Max: s[len(s)-1]}
}

// median of sorted values; the mean of the two middle ones for an even
// count.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func durationsMS(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = float64(d) / float64(time.Millisecond)
	}
	return out
}

// ms formats milliseconds for the tables: whole milliseconds are precise
// enough for runs that last hundreds of them.
func ms(v float64) string {
	return fmt.Sprintf("%.0f ms", v)
}

func (s spread) msRange() string {
	return fmt.Sprintf("%.0f ms (%.0f–%.0f)", s.Median, s.Min, s.Max)
}
