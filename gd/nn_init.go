package gd

// InitGenerator makes NewLinear draw its initial weights from g instead of
// the default generator.
func InitGenerator(g *Generator) LinearOption {
	return func(c *linearConfig) {
		c.init = append(c.init, func(l *Linear) { l.resetParametersWith(g) })
	}
}

// resetParameters initialises a new Linear layer like torch.nn.Linear's
// reset_parameters, from the default generator unless an option says
// otherwise.
func (l *Linear) resetParameters(cfg *linearConfig) {
	if len(cfg.init) == 0 {
		l.resetParametersWith(defaultGenerator)
		return
	}
	for _, f := range cfg.init {
		f(l)
	}
}

// resetParametersWith draws the weight, then the bias, from g, with the
// bounds PyTorch computes (kaiming_uniform_ with a=√5 for the weight,
// ±1/√in for the bias).
func (l *Linear) resetParametersWith(g *Generator) {
	// Filled through Data, which needs no grad-mode switch: that mode is
	// process-wide, and layers may be built while other goroutines train.
	wb, bb := linearInitBounds(l.in)
	l.Weight.Data().Uniform_(-wb, wb, g)
	if l.Bias != nil {
		l.Bias.Data().Uniform_(-bb, bb, g)
	}
}
