package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"canvass/phone"
	"canvass/sms"
	"canvass/surveys"
)

// Config is every setting canvass reads at start. Each has an environment
// variable (the public contract in design.md) and, unless it is a secret,
// a flag that overrides it.
type Config struct {
	Addr       string
	DataDir    string
	MongoURI   string
	Database   string
	PublicURL  string
	AdminToken string
	LogLevel   string
	// TrustedProxies lists the proxies (CIDRs) whose X-Forwarded-For may be
	// believed; empty means the client address is the TCP peer.
	TrustedProxies string

	TwilioAccountSID string
	TwilioAuthToken  string
	TwilioFrom       string
	// PseudonymKey keys the HMAC that turns phone numbers into pseudonyms;
	// when unset one is generated once into the data folder.
	PseudonymKey string
	// SMSSessionTTL is how long an SMS conversation waits for a reply
	// before it pauses; SMSKeepAnswers how long a paused one's answers
	// are kept.
	SMSSessionTTL  time.Duration
	SMSKeepAnswers time.Duration
	// SMSRate is how many messages a second one sender may send.
	SMSRate float64
	// DefaultRegion reads national phone numbers in imported contacts.
	DefaultRegion string
	// SMSSegmentPrice, when set, shows cost estimates in US dollars.
	SMSSegmentPrice float64

	// FormPostsPerMinute and FormPostBurst limit resident form
	// submissions per client address.
	FormPostsPerMinute float64
	FormPostBurst      int

	// Contact is the program's contact (phone, email or web address) for
	// residents, when a survey names none.
	Contact string

	// TimeZone is the zone whose days and weeks results' date filters
	// count in.
	TimeZone *time.Location

	// ImportExamples imports the example surveys into an empty database.
	ImportExamples bool
}

// setting ties one Config field to its environment variable and flag.
type setting struct {
	env, flag, usage string
	def              string
	secret           bool // environment only: a flag would show in ps
	set              func(*Config, string) error
}

func str(f func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *f(c) = v; return nil }
}

func settings() []setting {
	return []setting{
		{env: "CANVASS_ADDR", flag: "addr", def: ":8080", usage: "listen address", set: str(func(c *Config) *string { return &c.Addr })},
		{env: "CANVASS_DATA", flag: "data", def: "./data", usage: "data folder: embedded database, generated secrets", set: str(func(c *Config) *string { return &c.DataDir })},
		{env: "MONGODB_URI", flag: "mongodb-uri", usage: "use this MongoDB instead of the embedded database", set: str(func(c *Config) *string { return &c.MongoURI })},
		{env: "CANVASS_DATABASE", flag: "database", def: "canvass", usage: "database name", set: str(func(c *Config) *string { return &c.Database })},
		{env: "CANVASS_PUBLIC_URL", flag: "public-url", def: "http://localhost:8080", usage: "the URL residents and Twilio use; signatures and links are built from it", set: str(func(c *Config) *string { return &c.PublicURL })},
		{env: "CANVASS_ADMIN_TOKEN", secret: true, usage: "bootstrap admin API token", set: str(func(c *Config) *string { return &c.AdminToken })},
		{env: "CANVASS_LOG_LEVEL", flag: "log-level", def: "info", usage: "debug, info, warn or error", set: str(func(c *Config) *string { return &c.LogLevel })},
		{env: "CANVASS_TRUSTED_PROXIES", flag: "trusted-proxies", usage: "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is trusted", set: str(func(c *Config) *string { return &c.TrustedProxies })},
		{env: "TWILIO_ACCOUNT_SID", flag: "twilio-account-sid", usage: "Twilio account SID", set: str(func(c *Config) *string { return &c.TwilioAccountSID })},
		{env: "TWILIO_AUTH_TOKEN", secret: true, usage: "Twilio auth token; unset turns SMS off", set: str(func(c *Config) *string { return &c.TwilioAuthToken })},
		{env: "TWILIO_FROM", flag: "twilio-from", usage: "Twilio sender: a phone number in E.164 or a messaging service SID", set: str(func(c *Config) *string { return &c.TwilioFrom })},
		{env: "CANVASS_PSEUDONYM_KEY", secret: true, usage: "secret key of phone-number pseudonyms; generated into the data folder when unset", set: str(func(c *Config) *string { return &c.PseudonymKey })},
		{env: "CANVASS_SMS_SESSION_TTL", flag: "sms-session-ttl", def: "24h", usage: "how long an SMS conversation waits for a reply before it pauses", set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Minute {
				return errors.New("must be a duration of at least 1m, such as 24h")
			}
			c.SMSSessionTTL = d
			return nil
		}},
		{env: "CANVASS_SMS_KEEP_ANSWERS", flag: "sms-keep-answers", def: "168h", usage: "how long a paused SMS conversation's answers are kept for the resident to go on, then deleted", set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Hour {
				return errors.New("must be a duration of at least 1h, such as 168h (7 days)")
			}
			c.SMSKeepAnswers = d
			return nil
		}},
		{env: "CANVASS_SMS_RATE", flag: "sms-rate", def: "1", usage: "outbound messages per second per sender", set: func(c *Config, v string) error {
			r, err := strconv.ParseFloat(v, 64)
			if err != nil || r <= 0 || r > 1000 {
				return errors.New("must be a number of messages per second between 0 and 1000, such as 1 or 12")
			}
			c.SMSRate = r
			return nil
		}},
		{env: "CANVASS_DEFAULT_REGION", flag: "default-region", def: "US", usage: "country of phone numbers written without a country code in imported contacts", set: func(c *Config, v string) error {
			if !phone.KnownRegion(v) {
				return errors.New("must be a two-letter country code (ISO 3166), such as US, MX or SO")
			}
			c.DefaultRegion = strings.ToUpper(v)
			return nil
		}},
		{env: "CANVASS_SMS_SEGMENT_PRICE", flag: "sms-segment-price", usage: "price of one SMS segment in US dollars, such as 0.0083; shows cost estimates in money", set: func(c *Config, v string) error {
			if v == "" {
				return nil
			}
			p, err := strconv.ParseFloat(v, 64)
			if err != nil || p < 0 || p > 10 {
				return errors.New("must be a price in US dollars between 0 and 10, such as 0.0083")
			}
			c.SMSSegmentPrice = p
			return nil
		}},
		{env: "CANVASS_FORM_RATE", flag: "form-rate", def: "30", usage: "resident form submissions a minute per client address (pages get four times as many)", set: func(c *Config, v string) error {
			r, err := strconv.ParseFloat(v, 64)
			if err != nil || r <= 0 || r > 60000 {
				return errors.New("must be a number of submissions a minute between 0 and 60000, such as 30")
			}
			c.FormPostsPerMinute = r
			return nil
		}},
		{env: "CANVASS_FORM_BURST", flag: "form-burst", def: "20", usage: "resident form submissions one client address may make at once before the rate applies", set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 10000 {
				return errors.New("must be a whole number between 1 and 10000, such as 20")
			}
			c.FormPostBurst = n
			return nil
		}},
		{env: "CANVASS_CONTACT", flag: "contact", usage: "how residents reach the program (a phone number, an email or a web address), in SMS HELP replies and on the home page, when a survey names none", set: func(c *Config, v string) error {
			if v != "" && !surveys.ValidContact(v) {
				return errors.New("must be a phone number, an email address or a web address starting with https://")
			}
			c.Contact = v
			return nil
		}},
		{env: "CANVASS_TIME_ZONE", flag: "time-zone", def: "Local", usage: "time zone of the days and weeks results' date filters count in, such as America/New_York; Local is the machine's", set: func(c *Config, v string) error {
			loc, err := time.LoadLocation(v)
			if err != nil {
				return errors.New("must be Local, UTC or a zone of the IANA database such as America/New_York")
			}
			c.TimeZone = loc
			return nil
		}},
		{env: "CANVASS_IMPORT_EXAMPLES", flag: "import-examples", def: "true", usage: "import and open the example surveys when the database is empty", set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("must be true or false")
			}
			c.ImportExamples = b
			return nil
		}},
	}
}

// LoadConfig reads defaults, then the environment, then flags, and
// validates the result. Every bad value is reported, each with its name.
func LoadConfig(args []string, getenv func(string) string) (*Config, error) {
	c := &Config{}
	fs, values := newFlagSet(getenv)
	var errs []error
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range settings() {
		if err := s.set(c, *values[s.env]); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %w", s.env, *values[s.env], err))
		}
	}
	errs = append(errs, c.validate()...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid configuration:\n  %w", errors.Join(errs...))
	}
	return c, nil
}

// newFlagSet makes the serve flags, each defaulting to its environment
// variable or built-in default. Secrets get no flag; their values are read
// straight from the environment.
func newFlagSet(getenv func(string) string) (*flag.FlagSet, map[string]*string) {
	fs := flag.NewFlagSet("canvass", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	values := map[string]*string{}
	for _, s := range settings() {
		v := s.def
		if e := getenv(s.env); e != "" {
			v = e
		}
		if s.secret {
			values[s.env] = &v
			continue
		}
		values[s.env] = fs.String(s.flag, v, s.usage+" ($"+s.env+")")
	}
	fs.Usage = func() { usage(fs) }
	return fs, values
}

func (c *Config) validate() []error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("CANVASS_ADDR=%q: must be host:port or :port, such as :8080", c.Addr))
	}
	if c.MongoURI == "" && c.DataDir == "" {
		errs = append(errs, errors.New("CANVASS_DATA: must name a folder when MONGODB_URI is unset"))
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		errs = append(errs, errors.New("MONGODB_URI: must start with mongodb:// or mongodb+srv://"))
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		errs = append(errs, fmt.Errorf("CANVASS_PUBLIC_URL=%q: must be an http(s) URL without a path, such as https://survey.example.org", c.PublicURL))
	}
	c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	if c.AdminToken != "" && len(c.AdminToken) < 24 {
		errs = append(errs, errors.New("CANVASS_ADMIN_TOKEN: must be at least 24 characters (try: openssl rand -hex 24)"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("CANVASS_LOG_LEVEL=%q: must be debug, info, warn or error", c.LogLevel))
	}
	for _, cidr := range c.Proxies() {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			errs = append(errs, fmt.Errorf("CANVASS_TRUSTED_PROXIES: %q is not a CIDR such as 10.0.0.0/8", cidr))
		}
	}
	if c.TwilioAuthToken != "" && (c.TwilioAccountSID == "" || c.TwilioFrom == "") {
		errs = append(errs, errors.New("TWILIO_AUTH_TOKEN is set: TWILIO_ACCOUNT_SID and TWILIO_FROM are needed too"))
	}
	// A token or SID of another shape never authenticates: every send
	// would be refused, and twilio-go refuses some before sending. The
	// token is a secret: its value is not repeated.
	if c.TwilioAuthToken != "" && !sms.ValidAuthToken(c.TwilioAuthToken) {
		errs = append(errs, errors.New("TWILIO_AUTH_TOKEN: must be the account's auth token, 32 hexadecimal characters (Twilio console, Account info); check for spaces, quotes or a line break around it"))
	}
	if c.TwilioAccountSID != "" && !sms.ValidAccountSID(c.TwilioAccountSID) {
		errs = append(errs, fmt.Errorf("TWILIO_ACCOUNT_SID=%q: must be AC followed by 32 hexadecimal characters, as Twilio's console shows it", c.TwilioAccountSID))
	}
	if c.PseudonymKey != "" && len(c.PseudonymKey) < 32 {
		errs = append(errs, errors.New("CANVASS_PSEUDONYM_KEY: must be at least 32 characters"))
	}
	return errs
}

// Proxies returns the trusted proxy CIDRs.
func (c *Config) Proxies() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SMSEnabled reports whether the Twilio routes are on.
func (c *Config) SMSEnabled() bool { return c.TwilioAuthToken != "" }

func usage(fs *flag.FlagSet) {
	out := fs.Output()
	fmt.Fprintf(out, "Usage: canvass [serve] [flags]\n       canvass <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(out, "  %-18s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(out, "\nFlags of serve (each also read from the environment variable shown):\n")
	fs.PrintDefaults()
	fmt.Fprintf(out, "\nSecrets, from the environment only:\n")
	for _, s := range settings() {
		if s.secret {
			fmt.Fprintf(out, "  %-24s %s\n", s.env, s.usage)
		}
	}
}
