package twiliotest

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
)

// Sign computes the X-Twilio-Signature Twilio sends with a webhook POST to
// fullURL (the URL Twilio is configured with, query included) carrying
// form: base64(HMAC-SHA1(authToken, fullURL + each parameter's name and
// value, sorted by name)). It follows Twilio's documentation rather than
// twilio-go, so a test using it checks canvass's verifier independently.
func Sign(authToken, fullURL string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range keys {
		b.WriteString(k + form.Get(k))
	}
	m := hmac.New(sha1.New, []byte(authToken))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
