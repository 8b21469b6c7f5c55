package gd

// Optional arguments stand in for PyTorch's defaulted parameters
// (x.flatten(start_dim=0, end_dim=-1)): x.Flatten(), x.Flatten(1),
// x.Flatten(1, 2). These helpers fill in the defaults.

// optional1 returns the one optional argument given, or def.
func optional1[T any](op string, given []T, def T) T {
	if len(given) > 1 {
		panic(errorf(ErrValue, op, "takes at most 1 optional argument, got %d: %v", len(given), given))
	}
	a, _ := optional2(op, given, def, def)
	return a
}

// optional2 returns the up to two optional arguments given, the defaults
// a and b standing in for those not given.
func optional2[T any](op string, given []T, a, b T) (T, T) {
	switch len(given) {
	case 0:
	case 1:
		a = given[0]
	case 2:
		a, b = given[0], given[1]
	default:
		panic(errorf(ErrValue, op, "takes at most 2 optional arguments, got %d: %v", len(given), given))
	}
	return a, b
}
