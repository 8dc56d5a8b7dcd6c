package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"canvass/conversation"
	"canvass/locales"
	"canvass/sms"
	"canvass/store"
	"canvass/surveys"
)

// simulateFrom returns `canvass sms simulate` reading the resident's texts
// from stdin: a survey's SMS conversation in the terminal, through the same
// conversation code as the Twilio webhook, so an organizer can try a survey
// (even a draft) before launch. Each line read is a text from the
// resident; each reply is printed with its encoding and segment count.
// Nothing is stored and no SMS is sent.
func simulateFrom(stdin io.Reader) func(context.Context, []string, func(string) string, io.Writer, io.Writer) error {
	return func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		return simulate(ctx, args, getenv, stdin, stdout, stderr)
	}
}

func simulate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("canvass sms simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	slug := fs.String("survey", "", "slug of the survey to try, read from the database")
	file := fs.String("file", "", "a survey definition (YAML or JSON) to try instead, without the database")
	lang := fs.String("lang", "", "start in this language instead of the language menu, such as es")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: canvass sms simulate --survey SLUG [--lang es]\n       canvass sms simulate --file survey.yaml [--lang es]\n\n"+
			"Type the resident's texts, one per line; Ctrl-D ends. The database comes from the same\n"+
			"environment as the server (MONGODB_URI or CANVASS_DATA).\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*slug == "") == (*file == "") || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("sms simulate: give either --survey or --file")
	}
	rec, err := simulatedSurvey(ctx, *slug, *file, getenv)
	if err != nil {
		return err
	}
	if rec.SMS == nil {
		return fmt.Errorf("survey %s has no sms section (keyword), so it cannot be answered by SMS", rec.Slug)
	}
	if *lang != "" && !rec.HasLanguage(*lang) {
		return fmt.Errorf("survey %s is not offered in %q; its languages are %s", rec.Slug, *lang, strings.Join(rec.Languages, ", "))
	}
	cat, err := locales.Load()
	if err != nil {
		return err
	}
	tr := sms.NewTranslator(cat)
	conv := conversation.New(tr, cat.Languages(), conversation.Options{SessionTTL: 24 * time.Hour, Count: sms.Count})
	fmt.Fprintf(stdout, "Simulating %s (version %d, %s) by SMS. Type the resident's texts; Ctrl-D ends.\n", rec.Slug, rec.Version, rec.Status)
	printCost(stdout, conversation.Cost(&rec.Survey, tr, sms.Count), *lang)
	rec.Status = surveys.StatusOpen // a draft can be tried too
	sim := &conversation.Simulator{Conv: conv, Open: []*surveys.Record{rec}, Respondent: "simulator"}
	p := &simPrinter{w: stdout}
	// A resident of the language texts its alias, as the SMS preview and
	// the cost estimate have them do.
	keyword := rec.KeywordIn(*lang)
	p.text(keyword)
	out := sim.Send(keyword)
	if *lang != "" && out.Session != nil && out.Session.Stage == conversation.StageLanguage {
		for i, l := range rec.Languages {
			if l == *lang {
				p.outcome(out)
				p.text(fmt.Sprint(i + 1))
				out = sim.Send(fmt.Sprint(i + 1))
			}
		}
	}
	p.outcome(out)
	in := bufio.NewScanner(stdin)
	for in.Scan() {
		p.outcome(sim.Send(in.Text()))
	}
	if err := in.Err(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "(%d segment(s) sent in all)\n", p.segments)
	return nil
}

// printCost says what a completed conversation costs in lang, or in each
// language when lang is "": the survey's SMS cost, as the survey page
// and the SMS preview show it.
func printCost(w io.Writer, report *conversation.CostReport, lang string) {
	fmt.Fprintln(w, "Segments sent to a resident who completes the survey (as written / in plain letters):")
	for _, lc := range report.Languages {
		if lang != "" && lc.Language != lang {
			continue
		}
		sent := "as written"
		if lc.PlainLetters {
			sent = "in plain letters"
		}
		fmt.Fprintf(w, "  %s: %d / %d, sent %s", lc.Language, lc.WrittenSegments, lc.PlainSegments, sent)
		if len(lc.UCS2) > 0 {
			fmt.Fprintf(w, "; outside GSM-7: %s", strings.Join(lc.UCS2, " "))
		}
		fmt.Fprintln(w)
	}
}

// simulatedSurvey reads the survey to try, from a file or the database.
func simulatedSurvey(ctx context.Context, slug, file string, getenv func(string) string) (*surveys.Record, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		def, problems, err := surveys.Check(data, surveys.ValidationEnv{})
		if err != nil {
			return nil, err
		}
		if errs := problems.Errors(); len(errs) > 0 || def == nil {
			return nil, fmt.Errorf("%s has problems to fix first:\n%s", file, plainProblems(errs))
		}
		return &surveys.Record{Survey: *def, Status: surveys.StatusDraft, Version: 1}, nil
	}
	cfg, err := LoadConfig(nil, getenv)
	if err != nil {
		return nil, err
	}
	if cfg.MongoURI == "" {
		// Opening the embedded database would create an empty one: run
		// from the wrong folder, that is a survey "not found" in a new,
		// empty ./data instead of a word about where the data is.
		if _, err := os.Stat(filepath.Join(cfg.DataDir, "db")); err != nil {
			return nil, fmt.Errorf("there is no canvass database in %s: run this where canvass runs, or set CANVASS_DATA (or MONGODB_URI); --file tries a definition without one", cfg.DataDir)
		}
	}
	st, err := store.Open(ctx, store.Options{URI: cfg.MongoURI, DataDir: cfg.DataDir, Database: cfg.Database, Location: cfg.TimeZone,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	defer st.Close(context.WithoutCancel(ctx))
	rec, err := st.Survey(ctx, slug)
	if surveys.IsNotFound(err) {
		var slugs []string
		if all, err := st.Surveys(ctx); err == nil {
			for _, r := range all {
				slugs = append(slugs, r.Slug)
			}
		}
		if len(slugs) == 0 {
			return nil, fmt.Errorf("there is no survey %q: the database has no surveys yet", slug)
		}
		return nil, fmt.Errorf("there is no survey %q; the surveys are: %s", slug, strings.Join(slugs, ", "))
	}
	return rec, err
}

// plainProblems lists validation problems as sentences, one a line, in
// English: the terminal has no language to choose.
func plainProblems(ps surveys.Problems) string {
	cat, err := locales.Load()
	if err != nil {
		return ps.Error()
	}
	loc := cat.Localizer(locales.Default)
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s: %s\n", p.Path, loc.T(p.MessageID, p.Data))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// simPrinter writes the conversation: "> " before the resident's texts,
// each reply indented, with what it costs, and adds up the segments.
type simPrinter struct {
	w        io.Writer
	segments int
}

func (p *simPrinter) text(body string) { fmt.Fprintf(p.w, "> %s\n", body) }

func (p *simPrinter) outcome(out conversation.Outcome) {
	if len(out.Replies) == 0 {
		fmt.Fprintf(p.w, "  (no reply: %s)\n", out.Event)
	}
	for _, r := range out.Replies {
		enc, units, segs := sms.Count(r)
		p.segments += segs
		fmt.Fprintf(p.w, "  %s\n  [%s, %d characters, %d segment(s)]\n", strings.ReplaceAll(r, "\n", "\n  "), enc, units, segs)
	}
	if out.Response != nil {
		b, _ := json.Marshal(out.Response.Answers)
		fmt.Fprintf(p.w, "  (response complete, in %s, neighborhood %q: %s)\n", out.Response.Language, out.Response.Neighborhood, b)
	}
	if out.Followup != nil {
		fmt.Fprintf(p.w, "  (the resident asked for the results by text)\n")
	}
}
