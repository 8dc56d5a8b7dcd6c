package web

import (
	"fmt"
	"html/template"
	"text/template/parse"
)

// checkReferences reports a {{template "name"}} whose name no file defines.
// html/template would only notice when the page is first rendered; this
// moves the mistake to start-up.
func checkReferences(t *template.Template) error {
	for _, def := range t.Templates() {
		if def.Tree == nil || def.Tree.Root == nil {
			continue
		}
		if name, ok := missingTemplate(t, def.Tree.Root); ok {
			return fmt.Errorf("%s uses template %q, which neither this page, the layout nor a partial defines "+
				"(templates shared by pages go in partials/ or <area>/_name.html)", def.Name(), name)
		}
	}
	return nil
}

func missingTemplate(t *template.Template, n parse.Node) (string, bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return "", false
		}
		for _, c := range n.Nodes {
			if name, ok := missingTemplate(t, c); ok {
				return name, true
			}
		}
	case *parse.TemplateNode:
		if t.Lookup(n.Name) == nil {
			return n.Name, true
		}
	case *parse.IfNode:
		return missingInBranch(t, &n.BranchNode)
	case *parse.RangeNode:
		return missingInBranch(t, &n.BranchNode)
	case *parse.WithNode:
		return missingInBranch(t, &n.BranchNode)
	}
	return "", false
}

func missingInBranch(t *template.Template, b *parse.BranchNode) (string, bool) {
	if name, ok := missingTemplate(t, b.List); ok {
		return name, true
	}
	return missingTemplate(t, b.ElseList)
}
