package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"canvass/auth"
	"canvass/store"
)

// usersCommand is `canvass users add|list|reset-password`: staff accounts
// from the command line, for the first admin and for recovery when nobody
// can sign in. It works on the database directly, with the same settings
// as the server (CANVASS_DATA or MONGODB_URI, CANVASS_DATABASE).
func usersCommand(stdin io.Reader) func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		if len(args) == 0 {
			return errors.New("usage: canvass users add|list|reset-password [flags] (try: canvass users add -h)")
		}
		sub, rest := args[0], args[1:]
		switch sub {
		case "add":
			return usersAdd(ctx, rest, getenv, stdin, stdout, stderr)
		case "list":
			return usersList(ctx, rest, getenv, stdout, stderr)
		case "reset-password":
			return usersResetPassword(ctx, rest, getenv, stdin, stdout, stderr)
		}
		return fmt.Errorf("unknown users command %q: want add, list or reset-password", sub)
	}
}

// dbFlags are the database settings every users command reads, defaulting
// to the environment as the server does.
type dbFlags struct {
	data, uri, database, publicURL string
	// timeZone is the server's (CANVASS_TIME_ZONE): the store recounts
	// counters kept in another zone, so a command must not name another.
	timeZone string
}

func addDBFlags(fs *flag.FlagSet, getenv func(string) string) *dbFlags {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	d := &dbFlags{}
	fs.StringVar(&d.data, "data", env("CANVASS_DATA", "./data"), "data folder of the embedded database ($CANVASS_DATA)")
	fs.StringVar(&d.uri, "mongodb-uri", env("MONGODB_URI", ""), "MongoDB to use instead of the embedded database ($MONGODB_URI)")
	fs.StringVar(&d.database, "database", env("CANVASS_DATABASE", "canvass"), "database name ($CANVASS_DATABASE)")
	fs.StringVar(&d.publicURL, "public-url", env("CANVASS_PUBLIC_URL", "http://localhost:8080"), "where staff sign in ($CANVASS_PUBLIC_URL)")
	d.timeZone = env("CANVASS_TIME_ZONE", "Local")
	return d
}

func (d *dbFlags) open(ctx context.Context) (*store.Store, error) {
	loc, err := time.LoadLocation(d.timeZone)
	if err != nil {
		return nil, fmt.Errorf("CANVASS_TIME_ZONE: %w", err)
	}
	return store.Open(ctx, store.Options{URI: d.uri, DataDir: d.data, Database: d.database, Location: loc, Logger: ferretLogger(newLogger(io.Discard, "error"))})
}

func usersAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("canvass users add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the person's email address (required)")
	role := fs.String("role", "", "admin, organizer, staff or partner (required)")
	name := fs.String("name", "", "the person's name")
	hoods := fs.String("neighborhoods", "", "for a partner: the neighborhood IDs they may see, comma-separated (default all)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one")
	db := addDBFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	u := &auth.User{Email: auth.NormalizeEmail(*email), Name: strings.TrimSpace(*name), Role: auth.Role(*role)}
	if id := auth.EmailProblem(u.Email); id != "" {
		return fmt.Errorf("--email %q is not an email address", *email)
	}
	if !u.Role.Valid() {
		return fmt.Errorf("--role %q: want admin, organizer, staff or partner", *role)
	}
	if u.Role == auth.RolePartner {
		u.Neighborhoods = splitComma(*hoods)
	}
	password, generated, err := choosePassword(*fromStdin, stdin, u.Email)
	if err != nil {
		return err
	}
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if err := st.CreateUser(ctx, u); err != nil {
		return fmt.Errorf("%s: %w", u.Email, err)
	}
	_ = st.AppendAudit(ctx, cliAudit(auth.ActionUserCreate, u.Email, map[string]string{"role": string(u.Role)}))
	fmt.Fprintf(stdout, "Created %s (%s).\n", u.Email, u.Role)
	if generated {
		fmt.Fprintf(stdout, "Password, shown only now: %s\n", password)
	}
	fmt.Fprintf(stdout, "Sign in at %s/login and change the password on the account page.\n", strings.TrimSuffix(db.publicURL, "/"))
	return nil
}

func usersResetPassword(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("canvass users reset-password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "whose password to reset (required)")
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input instead of generating one")
	db := addDBFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	u, err := st.UserByEmail(ctx, auth.NormalizeEmail(*email))
	if err != nil {
		return fmt.Errorf("--email %q: no such user", *email)
	}
	password, generated, err := choosePassword(*fromStdin, stdin, u.Email)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	// Whoever knew the old password may have made API tokens too.
	n, err := auth.RevokeAccess(ctx, st, u.ID)
	if err != nil {
		return err
	}
	_ = st.AppendAudit(ctx, cliAudit(auth.ActionUserPassword, u.Email, map[string]string{"by": "command line",
		"sessions_ended": strconv.FormatInt(n.Sessions, 10), "tokens_revoked": strconv.FormatInt(n.Tokens, 10)}))
	fmt.Fprintf(stdout, "New password set for %s; %d session(s) signed out, %d API token(s) revoked.\n", u.Email, n.Sessions, n.Tokens)
	if generated {
		fmt.Fprintf(stdout, "Password, shown only now: %s\n", password)
	}
	return nil
}

func usersList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("canvass users list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := addDBFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tROLE\tSTATUS\tLAST SIGN-IN")
	for _, u := range users {
		status, last := "active", "never"
		if u.Disabled {
			status = "disabled"
		}
		if !u.LastLoginAt.IsZero() {
			last = u.LastLoginAt.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Email, u.Role, status, last)
	}
	return tw.Flush()
}

// choosePassword reads a password from stdin (checked like any new
// password) or generates one.
func choosePassword(fromStdin bool, stdin io.Reader, email string) (password string, generated bool, err error) {
	if !fromStdin {
		return auth.GeneratePassword(), true, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, err
	}
	password = strings.TrimRight(line, "\r\n")
	switch auth.PasswordProblem(password, email) {
	case "password.too_short":
		return "", false, fmt.Errorf("the password must have at least %d characters", auth.MinPasswordLen)
	case "password.too_long":
		return "", false, fmt.Errorf("the password must have at most %d characters", auth.MaxPasswordLen)
	case "password.is_email":
		return "", false, errors.New("the password must not be the email address")
	}
	return password, false, nil
}

// cliAudit is an audit entry for an action taken on the server's console.
func cliAudit(action, target string, detail map[string]string) *auth.AuditEntry {
	return &auth.AuditEntry{ActorID: "cli", ActorEmail: "(command line)", Action: action, Target: target, IP: "local", Detail: detail}
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// firstStartHint tells whoever starts a fresh installation how to create
// the first admin, and warns when the sign-in cookie cannot work.
func (m *Main) firstStartHint(ctx context.Context) error {
	n, err := m.Store.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		how := "set CANVASS_ADMIN_TOKEN and open " + m.Config.PublicURL + "/setup, or run: canvass users add --email you@example.org --role admin"
		if m.Config.AdminToken != "" {
			how = "open " + m.Config.PublicURL + "/setup and enter CANVASS_ADMIN_TOKEN, or run: canvass users add --email you@example.org --role admin"
		}
		m.Logger.Info("no staff account yet: "+how, "setup", m.Config.PublicURL+"/setup")
	}
	if u, err := url.Parse(m.Config.PublicURL); err == nil && u.Scheme == "http" && u.Hostname() != "localhost" && u.Hostname() != "127.0.0.1" {
		m.Logger.Warn("CANVASS_PUBLIC_URL is not https: browsers keep the staff sign-in cookie (Secure, __Host-) only on https or localhost, so staff cannot sign in there")
	}
	return nil
}
