package jupyter

import (
	"errors"
	"os"
	"os/exec"
)

// FindChromium returns the Chromium used by the browser tests: $GD_CHROMIUM, or
// chromium / chromium-browser / google-chrome on PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("GD_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", errors.New("kernel: GD_CHROMIUM=" + p + " does not exist")
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("kernel: no Chromium found for the browser tests; install Debian's chromium (apt-get install chromium) or set GD_CHROMIUM, or run `go run ./kernel test`, which installs it when run as root")
}

// EnsureChromium finds Chromium, installing Debian's package when it is missing
// and this process may use apt-get (root on Debian/Ubuntu).
func (e *Env) EnsureChromium() (string, error) {
	if p, err := FindChromium(); err == nil {
		e.logf("chromium at %s", p)
		return p, nil
	}
	if !canAptInstall() {
		return FindChromium()
	}
	e.logf("chromium is missing; installing Debian's chromium with apt-get")
	if err := aptInstall(e, "chromium", "fonts-dejavu-core"); err != nil {
		return "", err
	}
	return FindChromium()
}
