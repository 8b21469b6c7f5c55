package gd

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A module's state is its parameters by the names PyTorch's state_dict
// gives them (weight, bias, 0.weight, ...), so a model saved by gd loads
// into the same PyTorch model and back. The pattern in a notebook:
//
//	// cell 1: train, then save
//	gd.SaveModule("model.safetensors", model)
//	// cell 2: rebuild the same architecture and load, no retraining
//	model := gd.NewSequential(gd.NewLinear(1, 8), gd.NewReLU(), gd.NewLinear(8, 1))
//	err := gd.LoadModule("model.safetensors", model)

// NamedTensor is a tensor with its state_dict name.
type NamedTensor struct {
	Name   string
	Tensor *Tensor
}

// NamedModule is a Module whose parameters have names, as PyTorch's
// named_parameters() gives them. Linear and Sequential implement it; a
// module of your own implements it to be saved and loaded.
type NamedModule interface {
	Module
	NamedParameters() []NamedTensor
}

// NamedParameters returns weight and, if present, bias.
func (l *Linear) NamedParameters() []NamedTensor {
	out := []NamedTensor{{"weight", l.Weight}}
	if l.Bias != nil {
		out = append(out, NamedTensor{"bias", l.Bias})
	}
	return out
}

// NamedParameters returns every layer's parameters, prefixed by the
// layer's index ("0.weight", "0.bias", "2.weight", ...).
func (s *Sequential) NamedParameters() []NamedTensor {
	var out []NamedTensor
	for i, m := range s.Layers {
		for _, nt := range namedParameters(m) {
			out = append(out, NamedTensor{fmt.Sprintf("%d.%s", i, nt.Name), nt.Tensor})
		}
	}
	return out
}

// namedParameters names m's parameters, or panics naming m's type when m
// has parameters but no names for them.
func namedParameters(m Module) []NamedTensor {
	if nm, ok := m.(NamedModule); ok {
		return nm.NamedParameters()
	}
	if len(m.Parameters()) == 0 {
		return nil
	}
	panic(errorf(ErrValue, "StateDict", "module %T has parameters but no NamedParameters method to name them", m))
}

// StateDict returns m's parameters by their state_dict names, like
// model.state_dict(): tensors sharing the parameters' storage, detached.
func StateDict(m Module) map[string]*Tensor {
	sd := map[string]*Tensor{}
	for _, nt := range namedParameters(m) {
		sd[nt.Name] = nt.Tensor.Detach()
	}
	return sd
}

// LoadStateDict copies the tensors of sd into m's parameters, like
// model.load_state_dict(sd) (strict): every parameter needs a tensor of its
// shape, and every tensor a parameter. Values are converted to the
// parameter's dtype. Nothing is copied unless everything matches; the
// ErrValue (names) or ErrShape (sizes) error lists each problem with the
// keys and shapes involved.
func LoadStateDict(m Module, sd map[string]*Tensor) error {
	var named []NamedTensor
	if err := Catch(func() { named = namedParameters(m) }); err != nil {
		return err
	}
	var missing, unexpected, sizes []string
	have := map[string]bool{}
	for _, nt := range named {
		have[nt.Name] = true
		src, ok := sd[nt.Name]
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("%q", nt.Name))
		case src == nil:
			sizes = append(sizes, fmt.Sprintf("%s is nil", nt.Name))
		case !slices.Equal(src.shape, nt.Tensor.shape):
			sizes = append(sizes, fmt.Sprintf("size mismatch for %s: copying a param with shape %s from checkpoint, the shape in current model is %s", nt.Name, shapeString(src.shape), shapeString(nt.Tensor.shape)))
		}
	}
	for k := range sd {
		if !have[k] {
			unexpected = append(unexpected, fmt.Sprintf("%q", k))
		}
	}
	slices.Sort(unexpected)
	if len(missing)+len(unexpected)+len(sizes) > 0 {
		var msg []string
		if len(missing) > 0 {
			msg = append(msg, "missing key(s) in state_dict: "+strings.Join(missing, ", "))
		}
		if len(unexpected) > 0 {
			msg = append(msg, "unexpected key(s) in state_dict: "+strings.Join(unexpected, ", "))
		}
		msg = append(msg, sizes...)
		kind := ErrValue
		if len(missing)+len(unexpected) == 0 {
			kind = ErrShape
		}
		return errorf(kind, "LoadStateDict", "error(s) in loading state_dict for %s: %s", moduleName(m), strings.Join(msg, "; "))
	}
	for _, nt := range named {
		nt.Tensor.Detach().Copy_(sd[nt.Name])
	}
	return nil
}

// moduleName is the class name PyTorch's messages use (Linear, Sequential).
func moduleName(m Module) string {
	s := fmt.Sprintf("%T", m)
	return s[strings.LastIndexAny(s, ".*")+1:]
}

// SaveModule saves m's state_dict to a safetensors file at path
// (atomically), which PyTorch loads with
// model.load_state_dict(safetensors.torch.load_file(path)).
func SaveModule(path string, m Module) error {
	sd, err := stateDict(m)
	if err != nil {
		return err
	}
	return SaveSafetensors(path, sd, nil)
}

// LoadModule loads a safetensors file into m's parameters (LoadStateDict):
// m must have the architecture the file was saved from.
func LoadModule(path string, m Module) error {
	sd, _, err := LoadSafetensors(path)
	if err != nil {
		return err
	}
	if err := LoadStateDict(m, sd); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// WriteModule writes m's state_dict to w in the safetensors format.
func WriteModule(w io.Writer, m Module) error {
	sd, err := stateDict(m)
	if err != nil {
		return err
	}
	return WriteSafetensors(w, sd, nil)
}

// stateDict is StateDict returning its misuse error instead of panicking.
func stateDict(m Module) (sd map[string]*Tensor, err error) {
	err = Catch(func() { sd = StateDict(m) })
	return sd, err
}

// ReadModule reads a safetensors object from r into m (LoadStateDict).
func ReadModule(r io.Reader, m Module) error {
	sd, _, err := ReadSafetensors(r)
	if err != nil {
		return err
	}
	return LoadStateDict(m, sd)
}

// MarshalBinary encodes the layer's state_dict in the safetensors format
// (encoding.BinaryMarshaler), e.g. to keep a trained layer in a cache.
func (l *Linear) MarshalBinary() ([]byte, error) { return marshalModule(l) }

// UnmarshalBinary loads MarshalBinary's bytes. Into a zero Linear it builds
// the layer from the saved shapes; into an existing layer it loads like
// LoadStateDict (the shapes must match).
func (l *Linear) UnmarshalBinary(data []byte) error {
	if l.Weight != nil {
		return ReadModule(bytes.NewReader(data), l)
	}
	sd, _, err := ReadSafetensors(bytes.NewReader(data))
	if err != nil {
		return err
	}
	w, b := sd["weight"], sd["bias"]
	if w == nil || w.Dim() != 2 || (b != nil && (b.Dim() != 1 || b.shape[0] != w.shape[0] || b.dtype != w.dtype)) || len(sd) > 2 || (b == nil && len(sd) > 1) {
		return errorf(ErrValue, "UnmarshalBinary", "not a Linear layer's state_dict: %s", describeStateDict(sd))
	}
	*l = *NewLinearFrom(w, b)
	return nil
}

// MarshalBinary encodes the model's state_dict in the safetensors format.
func (s *Sequential) MarshalBinary() ([]byte, error) { return marshalModule(s) }

// UnmarshalBinary loads MarshalBinary's bytes into the model, whose layers
// must have the saved architecture (like LoadStateDict).
func (s *Sequential) UnmarshalBinary(data []byte) error { return ReadModule(bytes.NewReader(data), s) }

func marshalModule(m Module) ([]byte, error) {
	var b bytes.Buffer
	err := WriteModule(&b, m)
	return b.Bytes(), err
}

// describeStateDict lists keys and shapes, for error messages.
func describeStateDict(sd map[string]*Tensor) string {
	keys := make([]string, 0, len(sd))
	for k := range sd {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + shapeString(sd[k].shape)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
