package display

import (
	"fmt"

	"github.com/gonotebooks/descent/gd"
)

// FigureGrid lays figures out in rows and columns, shown as one output,
// like matplotlib's subplots:
//
//	axs := display.Subplots(1, 4, display.Size(1200, 300)) // _, axs = plt.subplots(1, 4, figsize=(12, 3))
//	for _, ax := range axs.Axes() {                       // for ax in axs:
//		showPreds(applyStep(params, false), ax)            //     show_preds(apply_step(params, False), ax)
//	}
//	axs.Show()
//
// Each cell is a live chart with its own static fallback image.
type FigureGrid struct {
	rows, cols int
	figs       []*Figure
	cfg        figConfig
}

// Subplots returns a grid of rows×cols empty figures to draw into. Size is the
// size of the whole grid (figsize); Title is a title over all of it.
// It panics if rows or cols is not positive.
func Subplots(rows, cols int, opts ...FigureOption) *FigureGrid {
	checkPositive("display.Subplots", "rows", rows)
	checkPositive("display.Subplots", "cols", cols)
	g := &FigureGrid{rows: rows, cols: cols, cfg: newFigConfig(opts)}
	for range rows * cols {
		g.figs = append(g.figs, NewFigure())
	}
	return g
}

// Grid arranges existing figures in rows×cols cells, filled row by row; nil
// entries and missing trailing figures leave cells empty. It panics if there
// are more figures than cells.
func Grid(rows, cols int, figs ...*Figure) *FigureGrid {
	checkPositive("display.Grid", "rows", rows)
	checkPositive("display.Grid", "cols", cols)
	if len(figs) > rows*cols {
		panicf(gd.ErrShape, "display.Grid", "%d figures do not fit in a %d×%d grid", len(figs), rows, cols)
	}
	return &FigureGrid{rows: rows, cols: cols, figs: figs}
}

// Set applies options to the grid as a whole (Size, Title).
func (g *FigureGrid) Set(opts ...FigureOption) *FigureGrid {
	for _, o := range opts {
		if o != nil {
			o(&g.cfg)
		}
	}
	return g
}

// Axes returns the grid's figures row by row (the flattened axs array).
func (g *FigureGrid) Axes() []*Figure { return g.figs }

// At returns the figure in row r, column c (axs[r, c]). It panics if the cell
// is outside the grid.
func (g *FigureGrid) At(r, c int) *Figure {
	if r < 0 || r >= g.rows || c < 0 || c >= g.cols {
		panicf(gd.ErrIndex, "display.At", "cell (%d, %d) is outside a %d×%d grid", r, c, g.rows, g.cols)
	}
	if i := r*g.cols + c; i < len(g.figs) {
		return g.figs[i]
	}
	return nil
}

// Show displays the grid as one output.
func (g *FigureGrid) Show() { show(g.view()) }

func (g *FigureGrid) view() view {
	checkMade("display.Show", g != nil && g.cols > 0 && g.rows > 0, "the *display.FigureGrid", "display.Subplots or display.Grid")
	v := view{cols: g.cols, title: g.cfg.title}
	cw, ch := 0, 0
	if g.cfg.width > 0 {
		cw, ch = g.cfg.width/g.cols, g.cfg.height/g.rows
	}
	for _, f := range g.figs {
		if f == nil {
			f = NewFigure()
		}
		if cw > 0 {
			c := f.clone()
			c.cfg.width, c.cfg.height = cw, ch
			f = c
		} else if f.cfg.width == 0 {
			c := f.clone()
			c.cfg.width, c.cfg.height = 360, 270
			f = c
		}
		v.charts = append(v.charts, f.spec())
	}
	return v
}

// String describes the grid.
func (g *FigureGrid) String() string {
	if g == nil {
		return "<nil FigureGrid>"
	}
	return fmt.Sprintf("<FigureGrid %d×%d>", g.rows, g.cols)
}
