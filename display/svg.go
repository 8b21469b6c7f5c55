package display

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// The static fallback of every chart is an SVG document drawn here from the
// same data as the live chart. It is what GitHub, nbviewer and untrusted
// notebooks show (they do not run scripts), and what the page shows until the
// chart's script replaces it. It has its own white background, like a
// matplotlib PNG, so it stays readable on light and dark notebook themes.

const (
	svgInk   = "#333333" // text and frame
	svgMuted = "#666666" // tick labels
	svgGrid  = "#e6e6e6" // grid lines
	svgFont  = "font-family=\"'DejaVu Sans','Helvetica Neue',Arial,sans-serif\""
)

// svgDoc accumulates the elements of one SVG document.
type svgDoc struct {
	b    strings.Builder
	w, h int
}

func newSVG(w, h int) *svgDoc {
	d := &svgDoc{w: w, h: h}
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" %s font-size="12">`, w, h, w, h, svgFont)
	fmt.Fprintf(&d.b, `<rect width="%d" height="%d" fill="#ffffff"/>`, w, h)
	return d
}

func (d *svgDoc) raw(s string) { d.b.WriteString(s) }

func (d *svgDoc) String() string { return d.b.String() + "</svg>" }

// f formats a coordinate with one decimal, enough for a pixel grid.
func f1(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func (d *svgDoc) line(x1, y1, x2, y2 float64, stroke string, width float64, dashed bool) {
	dash := ""
	if dashed {
		dash = ` stroke-dasharray="6 4"`
	}
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`,
		f1(x1), f1(y1), f1(x2), f1(y2), stroke, f1(width), dash)
}

func (d *svgDoc) rect(x, y, w, h float64, fill, stroke string) {
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`, f1(x), f1(y), f1(w), f1(h), fill, stroke)
}

// text draws s with its anchor ("start", "middle", "end") at (x, y);
// rotate turns it about that point (degrees, e.g. -90 for a y label).
func (d *svgDoc) text(x, y float64, s, anchor, fill string, size float64, rotate float64) {
	tr := ""
	if rotate != 0 {
		tr = fmt.Sprintf(` transform="rotate(%s %s %s)"`, f1(rotate), f1(x), f1(y))
	}
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" text-anchor="%s" fill="%s" font-size="%s"%s>%s</text>`,
		f1(x), f1(y), anchor, fill, f1(size), tr, html.EscapeString(s))
}

// polyline draws runs of points, breaking at points where ok is false.
func (d *svgDoc) polyline(pts [][2]float64, ok []bool, stroke string, width float64, dashed bool, opacity float64) {
	dash := ""
	if dashed {
		dash = ` stroke-dasharray="6 4"`
	}
	var run []string
	flush := func() {
		if len(run) > 1 {
			fmt.Fprintf(&d.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round" stroke-linecap="round" opacity="%s"%s/>`,
				strings.Join(run, " "), stroke, f1(width), fmtOpacity(opacity), dash)
		}
		run = run[:0]
	}
	for i, p := range pts {
		if !ok[i] {
			flush()
			continue
		}
		run = append(run, f1(p[0])+","+f1(p[1]))
	}
	flush()
}

// marker draws one scatter marker of the given shape and diameter.
func (d *svgDoc) marker(x, y float64, shape string, size float64, fill string, opacity float64) {
	r := size / 2
	op := fmtOpacity(opacity)
	switch shape {
	case "square":
		fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" opacity="%s"/>`, f1(x-r), f1(y-r), f1(size), f1(size), fill, op)
	case "triangle":
		fmt.Fprintf(&d.b, `<polygon points="%s,%s %s,%s %s,%s" fill="%s" opacity="%s"/>`,
			f1(x), f1(y-r*1.15), f1(x-r*1.1), f1(y+r*0.85), f1(x+r*1.1), f1(y+r*0.85), fill, op)
	case "diamond":
		fmt.Fprintf(&d.b, `<polygon points="%s,%s %s,%s %s,%s %s,%s" fill="%s" opacity="%s"/>`,
			f1(x), f1(y-r*1.2), f1(x+r), f1(y), f1(x), f1(y+r*1.2), f1(x-r), f1(y), fill, op)
	default:
		fmt.Fprintf(&d.b, `<circle cx="%s" cy="%s" r="%s" fill="%s" opacity="%s"/>`, f1(x), f1(y), f1(r), fill, op)
	}
}

// arrow draws a line from (x1,y1) to (x2,y2) with a filled head at the end.
func (d *svgDoc) arrow(x1, y1, x2, y2 float64, stroke string, width float64) {
	dx, dy := x2-x1, y2-y1
	l := math.Hypot(dx, dy)
	if l < 1e-9 {
		return
	}
	ux, uy := dx/l, dy/l
	head := math.Min(7+width, l*0.6)
	bx, by := x2-ux*head, y2-uy*head
	d.line(x1, y1, bx, by, stroke, width, false)
	px, py := -uy*head*0.45, ux*head*0.45
	fmt.Fprintf(&d.b, `<polygon points="%s,%s %s,%s %s,%s" fill="%s"/>`,
		f1(x2), f1(y2), f1(bx+px), f1(by+py), f1(bx-px), f1(by-py), stroke)
}

func fmtOpacity(o float64) string {
	if o <= 0 || o >= 1 {
		if o <= 0 {
			return "0"
		}
		return "1"
	}
	return fmt.Sprintf("%.2f", o)
}

// textWidth estimates the width in pixels of s at the given font size; the
// layout only needs it to leave room for labels.
func textWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * size * 0.6
}

// fitText shortens s with an ellipsis so that it fits in maxW pixels at the
// given font size (by textWidth's estimate).
func fitText(s string, size, maxW float64) string {
	r := []rune(s)
	if textWidth(s, size) <= maxW {
		return s
	}
	for len(r) > 1 && textWidth(string(r)+"…", size) > maxW {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}
