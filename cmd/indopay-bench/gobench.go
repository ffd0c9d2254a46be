package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// goBench is one benchmark's results over its -count runs, metric by
// metric ("ns/op", "B/op", "allocs/op", and any b.ReportMetric unit).
type goBench struct {
	Pkg, Name string
	Units     []string // in the order the first result line gave them
	Values    map[string][]float64
}

// parseGoBench reads `go test -bench` output: "pkg:" lines name the package
// of the result lines that follow; a result line is the benchmark's name,
// its iteration count, then value-unit pairs.
func parseGoBench(r io.Reader) ([]*goBench, error) {
	var out []*goBench
	byKey := map[string]*goBench{}
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || len(fields)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(fields[1]); err != nil {
			continue // a benchmark's log line, not a result
		}
		name := stripProcs(fields[0])
		key := pkg + " " + name
		b := byKey[key]
		if b == nil {
			b = &goBench{Pkg: pkg, Name: name, Values: map[string][]float64{}}
			byKey[key] = b
			out = append(out, b)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchmark line %q: value %q: %w", line, fields[i], err)
			}
			unit := fields[i+1]
			if !slices.Contains(b.Units, unit) {
				b.Units = append(b.Units, unit)
			}
			b.Values[unit] = append(b.Values[unit], v)
		}
	}
	return out, sc.Err()
}

// stripProcs removes the -GOMAXPROCS suffix go test adds to names.
func stripProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// formatMetric renders a median in the unit's natural scale.
func formatMetric(unit string, v float64) string {
	switch unit {
	case "ns/op":
		switch {
		case v >= 1e9:
			return fmt.Sprintf("%.3f s", v/1e9)
		case v >= 1e6:
			return fmt.Sprintf("%.2f ms", v/1e6)
		case v >= 1e3:
			return fmt.Sprintf("%.1f µs", v/1e3)
		}
		return fmt.Sprintf("%.0f ns", v)
	case "B/op":
		switch {
		case v >= 1<<20:
			return fmt.Sprintf("%.2f MiB", v/(1<<20))
		case v >= 1<<10:
			return fmt.Sprintf("%.1f KiB", v/(1<<10))
		}
		return fmt.Sprintf("%.0f B", v)
	case "allocs/op":
		return fmt.Sprintf("%.0f", v)
	case "MB/s":
		return fmt.Sprintf("%.1f MB/s", v)
	}
	if v == float64(int64(v)) {
		return fmt.Sprintf("%.0f %s", v, unit)
	}
	return fmt.Sprintf("%.3g %s", v, unit)
}

// goBenchTable is the markdown table of medians: time, memory and
// allocations in fixed columns, any other metric in the last.
func goBenchTable(benches []*goBench) string {
	var b strings.Builder
	b.WriteString("| Package | Benchmark | runs | time/op | B/op | allocs/op | other (median) |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---|\n")
	for _, g := range benches {
		cell := func(unit string) string {
			vs, ok := g.Values[unit]
			if !ok {
				return "–"
			}
			return formatMetric(unit, summarize(vs).Median)
		}
		var other []string
		for _, u := range g.Units {
			if u == "ns/op" || u == "B/op" || u == "allocs/op" {
				continue
			}
			other = append(other, formatMetric(u, summarize(g.Values[u]).Median))
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | %s |\n",
			strings.TrimPrefix(g.Pkg, modulePath+"/"), strings.TrimPrefix(g.Name, "Benchmark"),
			len(g.Values["ns/op"]), cell("ns/op"), cell("B/op"), cell("allocs/op"), strings.Join(other, ", "))
	}
	return b.String()
}

const modulePath = "github.com/indopay/terraform-provider-indopay"
