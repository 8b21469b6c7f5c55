package display

import (
	"regexp"
	"strings"

	"github.com/gonotebooks/descent/gd"
)

// tab10 is matplotlib's default colour cycle. Series without a Color take the
// next one in turn, per figure, as matplotlib does per axes, so a figure drawn
// from an article's code comes out in the colours the article shows.
var tab10 = []string{
	"#1f77b4", // C0 blue
	"#ff7f0e", // C1 orange
	"#2ca02c", // C2 green
	"#d62728", // C3 red
	"#9467bd", // C4 purple
	"#8c564b", // C5 brown
	"#e377c2", // C6 pink
	"#7f7f7f", // C7 gray
	"#bcbd22", // C8 olive
	"#17becf", // C9 cyan
}

// tabIndex names the tab10 entries. The plain names the articles use ("red",
// "blue", "orange") resolve to their tab10 shade, the colours matplotlib users
// see in default plots, rather than the harsh CSS #ff0000; matplotlib's "C0".."C9"
// and "tab:red" spellings work too.
var tabIndex = map[string]int{"blue": 0, "orange": 1, "green": 2, "red": 3, "purple": 4,
	"brown": 5, "pink": 6, "gray": 7, "grey": 7, "olive": 8, "cyan": 9}

var tabNames = map[string]string{}

func init() {
	for name, i := range tabIndex {
		tabNames[name] = tab10[i]
		tabNames["tab:"+name] = tab10[i]
	}
	for i, c := range tab10 {
		tabNames["c"+string(rune('0'+i))] = c
	}
	for _, n := range strings.Fields(cssColorNames) {
		cssNames[n] = true
	}
}

var (
	hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)
	rgbColor = regexp.MustCompile(`^rgba?\(\s*[0-9.]+%?\s*,\s*[0-9.]+%?\s*,\s*[0-9.]+%?\s*(,\s*[0-9.]+%?\s*)?\)$`)
	cssNames = map[string]bool{}
)

// resolveColor turns a user's colour into one that ECharts and SVG both
// understand, or panics naming the bad value: a typo must not quietly draw black.
func resolveColor(op, c string) string {
	key := strings.ToLower(strings.TrimSpace(c))
	if v, ok := tabNames[key]; ok {
		return v
	}
	if hexColor.MatchString(key) || rgbColor.MatchString(key) || cssNames[key] {
		return key
	}
	panicf(gd.ErrValue, op, "unknown colour %q: use a CSS name, #rrggbb, rgb(r,g,b), or matplotlib's C0..C9 / tab:blue", c)
	return ""
}

// cssColorNames are the CSS named colours (CSS Color Module Level 4).
const cssColorNames = `aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond
blueviolet burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson darkblue darkcyan
darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred
darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod
greenyellow honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon
lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon
lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta
maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen
mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olivedrab
orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru plum powderblue
rebeccapurple rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue
slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke
yellow yellowgreen`
