package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// Lab is a JupyterLab server started for a test: on 127.0.0.1, on a free
// port, with a random token, serving one folder.
type Lab struct {
	URL   string // http://127.0.0.1:<port>/
	Token string
	Root  string // the folder it serves

	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
	err  error // set when the process exits, before done closes
}

// StartLab starts JupyterLab from env's Python environment (Setup must have
// run) on root, and waits until it answers an authenticated API call. Its
// configuration, runtime files and workspaces live in a private temporary
// folder, so the user's own JupyterLab settings play no part. The app object
// is exposed as window.jupyterapp (LabApp.expose_app_in_browser), so tests can
// run JupyterLab commands by name.
func StartLab(ctx context.Context, env *jupyter.Env, root string) (*Lab, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	private, err := os.MkdirTemp("", "gd_lab_")
	if err != nil {
		return nil, err
	}
	l := &Lab{URL: fmt.Sprintf("http://127.0.0.1:%d/", port), Token: token, Root: root,
		log: &syncBuffer{}, done: make(chan struct{})}
	args := []string{"lab",
		"--no-browser",
		"--ip=127.0.0.1",
		"--port=" + strconv.Itoa(port),
		"--port-retries=0",
		"--IdentityProvider.token=" + token,
		"--ServerApp.root_dir=" + root,
		"--LabApp.expose_app_in_browser=True",
		"--LabApp.news_url=None",
		"--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
		"--LabApp.workspaces_dir=" + filepath.Join(private, "workspaces"),
		"--LabApp.user_settings_dir=" + filepath.Join(private, "settings"),
		"--LabApp.extension_manager=readonly", // no package index queries
	}
	if os.Geteuid() == 0 {
		// CI containers run tests as root; Jupyter refuses that unless told.
		args = append(args, "--allow-root")
	}
	l.cmd = exec.Command(env.Jupyter(), args...)
	// No news or update toasts over the notebook in the screenshots.
	notify := filepath.Join(private, "settings", "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings")
	if err := os.MkdirAll(filepath.Dir(notify), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(notify, []byte(`{"fetchNews": "false", "checkForUpdates": false}`), 0o644); err != nil {
		return nil, err
	}
	l.cmd.Dir = root
	l.cmd.Env = append(os.Environ(),
		"JUPYTER_CONFIG_DIR="+filepath.Join(private, "config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(private, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1",
	)
	l.cmd.Stdout, l.cmd.Stderr = l.log, l.log
	// Its own process group, so Stop can also end the kernels it started.
	l.cmd.SysProcAttr = labProcAttr()
	if err := l.cmd.Start(); err != nil {
		os.RemoveAll(private)
		return nil, fmt.Errorf("e2e: starting %s lab: %w", env.Jupyter(), err)
	}
	go func() {
		l.err = l.cmd.Wait()
		os.RemoveAll(private)
		close(l.done)
	}()
	if err := l.waitReady(ctx, 90*time.Second); err != nil {
		l.Stop()
		return nil, fmt.Errorf("%w\n--- jupyter lab output ---\n%s", err, l.Log())
	}
	return l, nil
}

// NotebookURL is the address that opens a notebook of the root folder in
// JupyterLab, logged in with the token.
func (l *Lab) NotebookURL(name string) string {
	return l.URL + "lab/tree/" + url.PathEscape(name) + "?token=" + url.QueryEscape(l.Token)
}

// Log returns what the server printed so far.
func (l *Lab) Log() string { return l.log.String() }

// Stop shuts the server down (SIGTERM lets it stop its kernels), then ends
// whatever is left of its process group.
func (l *Lab) Stop() {
	pgid := l.cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-l.done:
	case <-time.After(15 * time.Second):
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-l.done
}

func (l *Lab) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", l.URL+"api/status", nil)
		req.Header.Set("Authorization", "token "+l.Token)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-l.done:
			return fmt.Errorf("e2e: jupyter lab exited before it answered: %v", l.err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("e2e: jupyter lab did not answer within " + timeout.String())
		}
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// syncBuffer collects a process's output while tests read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.buf)
}
