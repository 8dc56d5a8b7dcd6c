package store_test

import (
	"bufio"
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"canvass/store"
)

// TestEmbeddedOnlyForCanvass starts the embedded database in a new data
// folder: it is reachable through an owner-only Unix socket in an
// owner-only folder, and through no TCP port.
func TestEmbeddedOnlyForCanvass(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(ctx, store.Options{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	sock := filepath.Join(data, "db", store.SocketName)
	for path, want := range map[string]os.FileMode{data: 0o700, filepath.Dir(sock): 0o700, sock: 0o600} {
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
	if fi, _ := os.Lstat(sock); fi.Mode().Type() != os.ModeSocket {
		t.Errorf("%s is not a socket", sock)
	}
	abs, _ := filepath.Abs(sock)
	if st.URI() != store.SocketURI(abs) || strings.Contains(st.URI(), "127.0.0.1") {
		t.Errorf("URI %q, want the socket's", st.URI())
	}
	if err := st.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if ports := listeningTCP(t); len(ports) > 0 {
		t.Errorf("this process listens on TCP ports %v; the embedded database must not", ports)
	}
	// A command run beside the server (canvass users add) uses the
	// server's database instead of opening the SQLite files a second time.
	other, err := store.Open(ctx, store.Options{DataDir: data, Database: "side"})
	if err != nil {
		t.Fatalf("a second store on the data folder in use: %v", err)
	}
	if other.URI() != st.URI() {
		t.Errorf("the second store uses %q, not the running database %q", other.URI(), st.URI())
	}
	if err := other.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Ping(ctx); err != nil {
		t.Fatalf("closing the second store stopped the first's database: %v", err)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(sock); !os.IsNotExist(err) {
		t.Errorf("the socket outlived the store: %v", err)
	}
}

// TestEmbeddedStaleSocket starts where a crashed canvass left its socket.
func TestEmbeddedStaleSocket(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	if err := os.MkdirAll(filepath.Join(data, "db"), 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(data, "db", store.SocketName))
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	st, err := store.Open(ctx, store.Options{DataDir: data})
	if err != nil {
		t.Fatalf("after a crash: %v", err)
	}
	defer st.Close(ctx)
	if fi, _ := os.Stat(filepath.Join(data, "db")); fi.Mode().Perm() != 0o700 {
		t.Errorf("db folder left %v", fi.Mode().Perm())
	}
}

// listeningTCP lists the TCP ports this process listens on, from
// /proc: the listening sockets of the network namespace whose inodes are
// among this process's file descriptors. No store test serves HTTP, so any
// port would be the database's.
func listeningTCP(t *testing.T) []string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	ours := map[string]bool{}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		if link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(link, "socket:[") {
			ours[strings.Trim(link[len("socket:"):], "[]")] = true
		}
	}
	var ports []string
	for _, table := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue // no IPv6
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// sl local rem st tx:rx tr:when retrnsmt uid timeout inode
			cols := strings.Fields(sc.Text())
			if len(cols) > 9 && cols[3] == "0A" && ours[cols[9]] {
				ports = append(ports, cols[1])
			}
		}
		f.Close()
	}
	return ports
}
