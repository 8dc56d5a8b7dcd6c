// Package sms is canvass's edge to Twilio: it checks that a webhook request
// really comes from Twilio, reads inbound messages and delivery callbacks,
// writes TwiML replies, counts the segments a text costs, and turns phone
// numbers into keyed pseudonyms. Conversation decisions live in package
// surveys; storage in package store.
package sms
