package display

import (
	"math"
	"slices"
	"sort"
)

// layered computes a left-to-right layered drawing of a directed acyclic
// graph, the style of graphviz's dot: each node gets a column (layer) so that
// every edge points right, and an order within its column chosen to reduce
// crossings. n is the number of nodes; edges are (from, to) pairs. Back edges
// (to an earlier or the same layer) should be left out and drawn as loops.
//
// Columns are assigned from the sinks backwards (a node sits one column left
// of its nearest-by-longest-path consumer), so an input used late is drawn
// next to the operation that uses it rather than at the far left.
//
// An edge spanning several columns gets a virtual node in each column it
// crosses, numbered from n on, so that it is routed around the boxes in
// between rather than through them: chains[i] lists edge i's virtual nodes
// from source to target, and layer and order cover them too.
func layered(n int, edges [][2]int) (layer, order []int, chains [][]int) {
	layer = assignLayers(n, edges)
	total := n
	var split [][2]int
	chains = make([][]int, len(edges))
	for i, e := range edges {
		prev := e[0]
		for l := layer[e[0]] + 1; l < layer[e[1]]; l++ {
			v := total
			total++
			layer = append(layer, l)
			chains[i] = append(chains[i], v)
			split = append(split, [2]int{prev, v})
			prev = v
		}
		split = append(split, [2]int{prev, e[1]})
	}
	return layer, orderLayers(total, layer, split), chains
}

// assignLayers puts each node one column left of its furthest consumer.
func assignLayers(n int, edges [][2]int) []int {
	out := make([][]int, n)
	for _, e := range edges {
		out[e[0]] = append(out[e[0]], e[1])
	}
	// depth[v] = longest path from v to a sink.
	depth := make([]int, n)
	done := make([]bool, n)
	var visit func(v int) int
	visit = func(v int) int {
		if done[v] {
			return depth[v]
		}
		done[v] = true // a cycle (not expected) just stops here
		d := 0
		for _, w := range out[v] {
			d = max(d, visit(w)+1)
		}
		depth[v] = d
		return d
	}
	maxDepth := 0
	for v := range n {
		maxDepth = max(maxDepth, visit(v))
	}
	layer := make([]int, n)
	for v := range n {
		layer[v] = maxDepth - depth[v]
	}
	return layer
}

// orderLayers orders the nodes within each column to reduce crossings; the
// edges join adjacent columns only.
func orderLayers(n int, layer []int, edges [][2]int) []int {
	out := make([][]int, n)
	in := make([][]int, n)
	for _, e := range edges {
		out[e[0]] = append(out[e[0]], e[1])
		in[e[1]] = append(in[e[1]], e[0])
	}
	maxDepth := 0
	for _, l := range layer {
		maxDepth = max(maxDepth, l)
	}

	// Initial order: by first appearance in a depth-first walk from the
	// sinks, which keeps the inputs of one operation together.
	cols := make([][]int, maxDepth+1)
	seen := make([]bool, n)
	var walk func(v int)
	walk = func(v int) {
		if seen[v] {
			return
		}
		seen[v] = true
		cols[layer[v]] = append(cols[layer[v]], v)
		for _, u := range in[v] {
			walk(u)
		}
	}
	for v := range n {
		if len(out[v]) == 0 {
			walk(v)
		}
	}
	for v := range n {
		walk(v)
	}

	// Barycentre sweeps: sort each column by the mean position of its
	// neighbours in the column before (left to right) or after (right to left).
	pos := make([]float64, n)
	setPos := func() {
		for _, c := range cols {
			for i, v := range c {
				pos[v] = float64(i) - float64(len(c)-1)/2
			}
		}
	}
	setPos()
	bary := func(v int, nbrs []int) float64 {
		if len(nbrs) == 0 {
			return pos[v]
		}
		s := 0.0
		for _, u := range nbrs {
			s += pos[u]
		}
		return s / float64(len(nbrs))
	}
	for iter := range 6 {
		forward := iter%2 == 0
		for k := range cols {
			c := k
			if !forward {
				c = len(cols) - 1 - k
			}
			key := map[int]float64{}
			for _, v := range cols[c] {
				if forward {
					key[v] = bary(v, in[v])
				} else {
					key[v] = bary(v, out[v])
				}
			}
			sort.SliceStable(cols[c], func(i, j int) bool { return key[cols[c][i]] < key[cols[c][j]] })
			setPos()
		}
	}
	order := make([]int, n)
	for _, c := range cols {
		for i, v := range c {
			order[v] = i
		}
	}
	return order
}

// placed is a laid-out diagram node: its centre and size in pixels.
type placed struct{ x, y, w, h float64 }

// place turns layers and orders into coordinates: columns gapX apart (plus
// the widest node of each column), nodes in a column stacked gapY apart and
// centred on the tallest column.
func place(sizes [][2]float64, layer, order []int, gapX, gapY float64) (nodes []placed, width, height float64) {
	return placeDir(sizes, layer, order, gapX, gapY, false)
}

// placeDir is place, left to right, or top to bottom when down is set (layers
// become rows, nodes in a row side by side).
func placeDir(sizes [][2]float64, layer, order []int, gapX, gapY float64, down bool) (nodes []placed, width, height float64) {
	if down {
		// Lay out the transposed problem and transpose the answer back.
		t := make([][2]float64, len(sizes))
		for i, s := range sizes {
			t[i] = [2]float64{s[1], s[0]}
		}
		nodes, w, h := placeDir(t, layer, order, gapY*1.2, gapX/2.5, false)
		for i := range nodes {
			nodes[i] = placed{x: nodes[i].y, y: nodes[i].x, w: nodes[i].h, h: nodes[i].w}
		}
		return nodes, h, w
	}
	n := len(sizes)
	nl := 0
	for _, l := range layer {
		nl = max(nl, l+1)
	}
	colW := make([]float64, nl)
	colH := make([]float64, nl)
	byCol := make([][]int, nl)
	for v := range n {
		colW[layer[v]] = math.Max(colW[layer[v]], sizes[v][0])
		byCol[layer[v]] = append(byCol[layer[v]], v)
	}
	for c := range byCol {
		slices.SortFunc(byCol[c], func(a, b int) int { return order[a] - order[b] })
		for i, v := range byCol[c] {
			if i > 0 {
				colH[c] += gapY
			}
			colH[c] += sizes[v][1]
		}
		height = math.Max(height, colH[c])
	}
	nodes = make([]placed, n)
	x := 0.0
	for c := range byCol {
		y := (height - colH[c]) / 2
		for _, v := range byCol[c] {
			nodes[v] = placed{x: x + colW[c]/2, y: y + sizes[v][1]/2, w: sizes[v][0], h: sizes[v][1]}
			y += sizes[v][1] + gapY
		}
		x += colW[c]
		if c < nl-1 {
			x += gapX
		}
	}
	return nodes, x, height
}
