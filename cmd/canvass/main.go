// Command canvass collects community surveys by SMS and mobile web form and
// aggregates the answers by neighborhood. `canvass` alone runs the server;
// `canvass help` lists the other commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "canvass:", err)
		}
		os.Exit(2)
	}
}

// command is one subcommand of canvass.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands lists the subcommands. Two-word commands ("sms simulate") are
// named with their space.
func commands() []command {
	return []command{
		{name: "serve", summary: "run the server (the default)", run: serve},
		{name: "users", summary: "staff accounts: users add --email E --role R | list | reset-password --email E", run: usersCommand(os.Stdin)},
		{name: "sms simulate", summary: "try a survey's SMS conversation in the terminal (--survey SLUG [--lang es])", run: simulateFrom(os.Stdin)},
		{name: "results rebuild", summary: "recompute a survey's live results counters from its responses (--survey SLUG | --all)", run: resultsCommand("rebuild")},
		{name: "results check", summary: "compare the live results counters with the responses; fails on a difference", run: resultsCommand("check")},
		{name: "seed", summary: "add realistic synthetic responses for demos and benchmarks (--survey SLUG --responses N)", run: seed},
	}
}

// run picks the subcommand from args; flags alone mean serve.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		fs, _ := newFlagSet(getenv)
		fs.SetOutput(stdout)
		fs.Usage()
		return nil
	}
	for _, c := range commands() {
		words := len(splitWords(c.name))
		if len(args) >= words && joinWords(args[:words]) == c.name {
			return c.run(ctx, args[words:], getenv, stdout, stderr)
		}
	}
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		return fmt.Errorf("unknown command %q (try: canvass help)", args[0])
	}
	return serve(ctx, args, getenv, stdout, stderr)
}

// serve runs the server until ctx is cancelled (SIGINT or SIGTERM), then
// shuts down gracefully.
func serve(ctx context.Context, args []string, getenv func(string) string, _, stderr io.Writer) error {
	cfg, err := LoadConfig(args, getenv)
	if err != nil {
		return err
	}
	m := NewMain(cfg, newLogger(stderr, cfg.LogLevel))
	if err := m.Run(ctx); err != nil {
		_ = m.Close()
		return err
	}
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return m.Close()
}
