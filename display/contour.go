package display

import "math"

// isolines traces the contour lines of a sampled field at one level by
// marching squares: z[j][i] is the value at (xs[i], ys[j]); each grid cell
// whose corners lie on both sides of the level holds one line segment (two
// at a saddle, told apart by the mean of the corners), with its ends
// interpolated linearly along the cell's edges. Segments meeting on an edge
// are joined, so each line comes back as one polyline: closed lines end
// where they start, the others end at the border of the grid or of a hole
// of NaN values. A corner exactly at the level counts as above it.
//
// gonum/plot draws contours the same way, but it renders them onto its own
// canvas; display needs the lines as data for ECharts and for the SVG.
func isolines(xs, ys []float64, z [][]float64, level float64) [][][2]float64 {
	nx, ny := len(xs), len(ys)
	// An edge is named by the grid point it starts from and its direction:
	// horizontal edges run from (i, j) to (i+1, j), vertical ones to (i, j+1).
	type edge struct{ i, j, vertical int }
	point := func(e edge) [2]float64 {
		i2, j2 := e.i+1, e.j
		if e.vertical == 1 {
			i2, j2 = e.i, e.j+1
		}
		za, zb := z[e.j][e.i], z[j2][i2]
		t := (level - za) / (zb - za)
		return [2]float64{xs[e.i] + t*(xs[i2]-xs[e.i]), ys[e.j] + t*(ys[j2]-ys[e.j])}
	}
	var segs [][2]edge
	for j := 0; j+1 < ny; j++ {
		for i := 0; i+1 < nx; i++ {
			c := [4]float64{z[j][i], z[j][i+1], z[j+1][i+1], z[j+1][i]} // counter-clockwise from bottom left
			if math.IsNaN(c[0]) || math.IsNaN(c[1]) || math.IsNaN(c[2]) || math.IsNaN(c[3]) {
				continue
			}
			// The cell's edges in the same order: bottom, right, top, left;
			// edge k joins corners k and k+1.
			edges := [4]edge{{i, j, 0}, {i + 1, j, 1}, {i, j + 1, 0}, {i, j, 1}}
			var above [4]bool
			n := 0
			for k, v := range c {
				above[k] = v >= level
				if above[k] {
					n++
				}
			}
			if n == 0 || n == 4 {
				continue
			}
			if n == 2 && above[0] == above[2] {
				// A saddle: the corners unlike the centre are cut off,
				// each by the two edges that meet at it.
				centre := (c[0]+c[1]+c[2]+c[3])/4 >= level
				for k := range 4 {
					if above[k] != centre {
						segs = append(segs, [2]edge{edges[(k+3)%4], edges[k]})
					}
				}
				continue
			}
			var crossed []edge
			for k := range 4 {
				if above[k] != above[(k+1)%4] {
					crossed = append(crossed, edges[k])
				}
			}
			segs = append(segs, [2]edge{crossed[0], crossed[1]})
		}
	}

	// Join segments through the edges they share (at most two segments
	// per edge: the cells on either side).
	at := map[edge][]int{}
	for s, sg := range segs {
		at[sg[0]] = append(at[sg[0]], s)
		at[sg[1]] = append(at[sg[1]], s)
	}
	used := make([]bool, len(segs))
	other := func(s int, e edge) edge {
		if segs[s][0] == e {
			return segs[s][1]
		}
		return segs[s][0]
	}
	next := func(e edge) int {
		for _, s := range at[e] {
			if !used[s] {
				return s
			}
		}
		return -1
	}
	trace := func(start edge) [][2]float64 {
		line := [][2]float64{point(start)}
		for e := start; ; {
			s := next(e)
			if s < 0 {
				return line
			}
			used[s] = true
			e = other(s, e)
			line = append(line, point(e))
		}
	}
	var lines [][][2]float64
	// Open lines first, from one of their ends, then the closed ones.
	for s, sg := range segs {
		if !used[s] {
			for _, e := range sg {
				if len(at[e]) == 1 {
					lines = append(lines, trace(e))
					break
				}
			}
		}
	}
	for s := range segs {
		if !used[s] {
			lines = append(lines, trace(segs[s][0]))
		}
	}
	return lines
}
