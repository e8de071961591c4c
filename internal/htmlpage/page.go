// Package htmlpage writes the static result pages of vidlm's reports and experiments: one
// self-contained index.html (no script, no external asset) with tables, figures and links to
// the files beside it, so that a result directory can be opened in a browser or shared as is.
package htmlpage

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// Page is a page being written.
type Page struct {
	b strings.Builder
}

// New starts a page with its title as the heading.
func New(title string) *Page {
	p := &Page{}
	t := html.EscapeString(title)
	fmt.Fprintf(&p.b, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%s</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}
td.n,th.n{text-align:right}img{max-width:100%%;display:block;margin:1em 0}</style></head><body>
<h1>%s</h1>
`, t, t)
	return p
}

// Para adds a paragraph of text (escaped).
func (p *Page) Para(format string, a ...any) {
	fmt.Fprintf(&p.b, "<p>%s</p>\n", html.EscapeString(fmt.Sprintf(format, a...)))
}

// Heading adds a heading of level 2 or 3.
func (p *Page) Heading(level int, text string) {
	fmt.Fprintf(&p.b, "<h%d>%s</h%d>\n", level, html.EscapeString(text), level)
}

// Table adds a table: rows[0] is the header; every column but the first is right-aligned.
func (p *Page) Table(rows [][]string) {
	p.b.WriteString("<table>\n")
	for i, r := range rows {
		p.b.WriteString("<tr>")
		for j, c := range r {
			tag := "td"
			if i == 0 {
				tag = "th"
			}
			cls := ""
			if j > 0 {
				cls = ` class="n"`
			}
			fmt.Fprintf(&p.b, "<%s%s>%s</%s>", tag, cls, html.EscapeString(c), tag)
		}
		p.b.WriteString("</tr>\n")
	}
	p.b.WriteString("</table>\n")
}

// Image adds a figure: a file beside the page.
func (p *Page) Image(src string) {
	s := html.EscapeString(src)
	fmt.Fprintf(&p.b, "<img src=\"%s\" alt=\"%s\">\n", s, s)
}

// Links adds a paragraph of links to files beside the page.
func (p *Page) Links(files ...string) {
	p.b.WriteString("<p>")
	for i, f := range files {
		if i > 0 {
			p.b.WriteString(" · ")
		}
		s := html.EscapeString(f)
		fmt.Fprintf(&p.b, `<a href="%s">%s</a>`, s, s)
	}
	p.b.WriteString("</p>\n")
}

// WriteTo ends the page and writes it to w.
func (p *Page) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, p.b.String()+"</body></html>\n")
	return int64(n), err
}
