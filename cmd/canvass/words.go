package main

import "strings"

func splitWords(s string) []string { return strings.Fields(s) }

func joinWords(w []string) string { return strings.Join(w, " ") }
