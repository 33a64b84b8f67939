/* The curses layer; see ui.h. */
#include <sys/ioctl.h>

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "cluster.h"
#include "crash.h"
#include "editor.h"
#include "keymap.h"
#include "layout.h"
#include "nicklist.h"
#include "options.h"
#include "render.h"
#include "scrollback.h"
#include "session.h"
#include "status.h"
#include "ui.h"
#include "utf8.h"
#include "wrap.h"
#include "xmalloc.h"

/* How long a lone Esc waits for the rest of a key, in ms. */
#define UI_ESCDELAY	25

/* Key codes of our own for sequences terminfo may not know. */
enum {
	UI_KEY_PASTE_BEGIN = KEY_MAX + 1,
	UI_KEY_PASTE_END,
	UI_KEY_SHIFT_UP,
	UI_KEY_SHIFT_DOWN,
	UI_KEY_META_UP,
	UI_KEY_META_DOWN,
	UI_KEY_META_LEFT,
	UI_KEY_META_RIGHT,
	UI_KEY_META_HOME,
	UI_KEY_META_END,
	UI_KEY_HOME,
	UI_KEY_END,
};

/* Sequences (xterm's, which tmux and most terminals send) for them. */
static const struct {
	const char	*seq;
	int		 code;
} ui_sequences[] = {
	{ "\033[200~",	UI_KEY_PASTE_BEGIN },
	{ "\033[201~",	UI_KEY_PASTE_END },
	{ "\033[1;2A",	UI_KEY_SHIFT_UP },
	{ "\033[1;2B",	UI_KEY_SHIFT_DOWN },
	{ "\033[1;3A",	UI_KEY_META_UP },
	{ "\033[1;3B",	UI_KEY_META_DOWN },
	{ "\033[1;3D",	UI_KEY_META_LEFT },
	{ "\033[1;3C",	UI_KEY_META_RIGHT },
	{ "\033[1;3H",	UI_KEY_META_HOME },
	{ "\033[1;3F",	UI_KEY_META_END },
	/* Home and End as tmux, screen, rxvt and the console send them. */
	{ "\033[1~",	UI_KEY_HOME },
	{ "\033[4~",	UI_KEY_END },
	{ "\033[7~",	UI_KEY_HOME },
	{ "\033[8~",	UI_KEY_END },
	{ "\033[H",	UI_KEY_HOME },
	{ "\033[F",	UI_KEY_END },
	{ "\033OH",	UI_KEY_HOME },
	{ "\033OF",	UI_KEY_END },
};

/* mIRC colours 0-15 as the 16 ANSI colours. */
static const short ui_basic[RENDER_BASIC_COLORS] = {
	15, 0, 4, 2, 9, 1, 5, 3, 11, 10, 6, 14, 12, 13, 8, 7,
};

/* mIRC colours 16-98 as xterm's 256 colours (the modern formatting
 * spec's table). */
static const short ui_extended[RENDER_COLORS - RENDER_BASIC_COLORS] = {
	52, 94, 100, 58, 22, 29, 23, 24, 17, 54, 53, 89,
	88, 130, 142, 64, 28, 35, 30, 25, 18, 91, 90, 125,
	124, 166, 184, 106, 34, 49, 37, 33, 19, 129, 127, 161,
	196, 208, 226, 154, 46, 86, 51, 75, 21, 171, 201, 198,
	203, 215, 227, 191, 83, 122, 87, 111, 63, 177, 207, 205,
	217, 223, 229, 193, 157, 158, 159, 153, 147, 183, 219, 212,
	16, 233, 235, 237, 239, 241, 244, 247, 250, 254, 231,
};

/* The RGB value of an xterm 256-colour index 16..255. */
static uint32_t
ui_xterm_rgb(int idx)
{
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	int	i, g;

	if (idx >= 232) {
		g = 8 + 10 * (idx - 232);
		return (uint32_t)(g << 16 | g << 8 | g);
	}
	i = idx - 16;
	return (uint32_t)(level[i / 36] << 16 | level[i / 6 % 6] << 8 |
	    level[i % 6]);
}

/* The curses colour for a mIRC colour; *bright when it needs A_BOLD to
 * look right on an 8-colour terminal. */
static short
ui_color(int mirc, bool *bright)
{
	short	c;

	*bright = false;
	if (mirc == RENDER_COLOR_DEFAULT)
		return -1;
	if (mirc >= RENDER_BASIC_COLORS) {
		if (COLORS >= 256)
			return ui_extended[mirc - RENDER_BASIC_COLORS];
		mirc = render_hex_color(ui_xterm_rgb(
		    ui_extended[mirc - RENDER_BASIC_COLORS]));
	}
	c = ui_basic[mirc];
	if (COLORS < 16 && c >= 8) {
		*bright = true;
		c -= 8;
	}
	return c;
}

/* The pair for fg on bg, made on first use; 0 when out of pairs. */
static short
ui_pair(struct ui *ui, short fg, short bg)
{
	int	i;

	if (fg == -1 && bg == -1)
		return 0;
	for (i = 0; i < ui->npairs; i++)
		if (ui->pairs[i].fg == fg && ui->pairs[i].bg == bg)
			return ui->pairs[i].pair;
	if (ui->npairs == UI_PAIRS_MAX || ui->npairs + 1 >= COLOR_PAIRS)
		return 0;
	ui->pairs[ui->npairs].fg = fg;
	ui->pairs[ui->npairs].bg = bg;
	ui->pairs[ui->npairs].pair = (short)(ui->npairs + 1);
	init_pair((short)(ui->npairs + 1), fg, bg);
	return ui->pairs[ui->npairs++].pair;
}

/* Curses attributes and pair for a style. */
static attr_t
ui_style(struct ui *ui, struct render_style st, short *pair)
{
	attr_t	a = A_NORMAL;
	bool	bright = false, dummy;
	short	fg, bg;

	if (st.attr & RENDER_BOLD)
		a |= A_BOLD;
	if (st.attr & RENDER_ITALIC)
		a |= A_ITALIC;
	if (st.attr & RENDER_UNDERLINE)
		a |= A_UNDERLINE;
	if (st.attr & (RENDER_REVERSE | RENDER_CONTROL))
		a |= A_REVERSE;
	if (st.attr & RENDER_DIM)
		a |= A_DIM;
	if (st.attr & RENDER_HIGHLIGHT)
		a |= A_BOLD | A_REVERSE;
	*pair = 0;
	if (ui->colors) {
		fg = ui_color(st.fg, &bright);
		bg = ui_color(st.bg, &dummy);
		if (bright)
			a |= A_BOLD;
		*pair = ui_pair(ui, fg, bg);
	}
	return a;
}

/* Draw s[0..len) (valid UTF-8 without controls) at the cursor. */
static void
ui_put(struct ui *ui, WINDOW *win, const char *s, size_t len)
{
	wchar_t		*w;
	size_t		 n = 0, off = 0, used;
	uint32_t	 cp;
	bool		 valid;

	if (ui->wcap < len + 1) {
		ui->wcap = len + 64;
		ui->wbuf = xreallocarray(ui->wbuf, ui->wcap, sizeof(wchar_t));
	}
	w = ui->wbuf;
	while (off < len) {
		used = utf8_decode(s + off, len - off, &cp, &valid);
		off += used;
		if (!valid)
			cp = UTF8_REPLACEMENT;
		w[n++] = (wchar_t)cp;
	}
	if (n > 0)
		waddnwstr(win, w, (int)n);
}

/* Draw the runs of r that cover text[start..end), clipped to columns. */
static void
ui_put_runs(struct ui *ui, WINDOW *win, const struct render_text *r,
    size_t start, size_t end, attr_t base, int maxcols)
{
	const struct render_run	*run;
	size_t			 i, a, b, off, next;
	attr_t			 at;
	short			 pair;
	int			 cols = 0, c;

	for (i = 0; i < r->nruns; i++) {
		run = &r->runs[i];
		a = run->off > start ? run->off : start;
		b = run->off + run->len < end ? run->off + run->len : end;
		if (a >= b)
			continue;
		/* Clip to the columns left. */
		for (off = a; off < b; off = next) {
			next = cluster_next(r->text, b, off, &c, NULL);
			if (cols + c > maxcols)
				break;
			cols += c;
		}
		at = ui_style(ui, run->style, &pair);
		if (base & A_REVERSE)
			at ^= A_REVERSE;
		wattr_set(win, at | (base & ~A_REVERSE), pair, NULL);
		ui_put(ui, win, r->text + a, off - a);
		if (off < b)
			break;
	}
	wattr_set(win, base, 0, NULL);
}

/* (Re)create the three windows for the terminal's size. */
static void
ui_layout(struct ui *ui)
{
	if (ui->pane != NULL)
		delwin(ui->pane);
	if (ui->status != NULL)
		delwin(ui->status);
	if (ui->input != NULL)
		delwin(ui->input);
	if (ui->nicks != NULL)
		delwin(ui->nicks);
	ui->pane = ui->status = ui->nicks = NULL;
	ui->rows = LINES > 0 ? LINES : 1;
	ui->cols = COLS > 0 ? COLS : 1;
	ui->pane_rows = ui->rows >= 3 ? ui->rows - 2 : 0;
	ui->pane_cols = ui->cols;
	if (ui->pane_rows > 0 && nicklist_fits(ui->nicklist, ui->cols)) {
		ui->pane_cols = ui->cols - NICKLIST_COLS;
		if ((ui->nicks = newwin(ui->pane_rows, NICKLIST_COLS, 0,
		    ui->pane_cols)) == NULL)
			crash_fatal("cannot make a curses window of %dx%d",
			    ui->rows, ui->cols);
		leaveok(ui->nicks, TRUE);
	}
	if (ui->pane_rows > 0 && (ui->pane = newwin(ui->pane_rows,
	    ui->pane_cols, 0, 0)) == NULL)
		crash_fatal("cannot make a curses window of %dx%d",
		    ui->rows, ui->cols);
	if (ui->rows >= 2 && (ui->status = newwin(1, ui->cols, ui->rows - 2,
	    0)) == NULL)
		crash_fatal("cannot make a curses window of %dx%d",
		    ui->rows, ui->cols);
	if ((ui->input = newwin(1, ui->cols, ui->rows - 1, 0)) == NULL)
		crash_fatal("cannot make a curses window of %dx%d",
		    ui->rows, ui->cols);
	keypad(ui->input, TRUE);
	nodelay(ui->input, TRUE);
	if (ui->pane != NULL)
		leaveok(ui->pane, TRUE);
	if (ui->status != NULL) {
		leaveok(ui->status, TRUE);
		wbkgdset(ui->status, ' ' | A_REVERSE);
	}
}

/* Turn bracketed paste on or off. */
static void
ui_paste_mode(struct ui *ui, bool on)
{
	ui->paste_mode = on;
	fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
	fflush(stdout);
}

/* Ctrl-S and Ctrl-Q are keys (incremental search), not XOFF and XON;
 * curses keeps this mode for us from now on (def_prog_mode). */
static void
ui_no_flow_control(void)
{
	struct termios	t;

	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	def_prog_mode();
}

/* Start curses. */
void
ui_init(struct ui *ui, bool colors, bool mouse)
{
	size_t	i;

	memset(ui, 0, sizeof *ui);
	render_init(&ui->rt);
	wrap_init(&ui->wrap);
	set_escdelay(UI_ESCDELAY);
	if (initscr() == NULL)
		crash_fatal("cannot start curses on this terminal");
	/*
	 * ncurses 6.4 flushes its output after every cursor motion until the
	 * screen has once been left and re-entered, so a full pane went out
	 * in one write(2) per line.  Leaving and re-entering before anything
	 * is drawn makes doupdate() write a frame in a few large writes.
	 */
	endwin();
	refresh();
	cbreak();
	noecho();
	nonl();
	ui_no_flow_control();
	intrflush(stdscr, FALSE);
	meta(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	ui->colors = colors && has_colors();
	if (ui->colors) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < sizeof ui_sequences / sizeof ui_sequences[0]; i++)
		if (key_defined(ui_sequences[i].seq) == 0)
			define_key(ui_sequences[i].seq, ui_sequences[i].code);
	ui_layout(ui);
	ui_paste_mode(ui, true);
	ui->mouse = mouse;
	if (mouse) {
		/* Presses at once, not clicks after a wait. */
		mouseinterval(0);
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		    NULL);
	}
}

/* Give the terminal back. */
void
ui_end(struct ui *ui)
{
	if (ui->input == NULL)
		return;
	if (ui->pane != NULL)
		delwin(ui->pane);
	if (ui->status != NULL)
		delwin(ui->status);
	if (ui->nicks != NULL)
		delwin(ui->nicks);
	delwin(ui->input);
	ui->pane = ui->status = ui->input = ui->nicks = NULL;
	endwin();
	ui_paste_mode(ui, false);
	render_free(&ui->rt);
	wrap_free(&ui->wrap);
	free(ui->wbuf);
	ui->wbuf = NULL;
}

/* Follow the terminal's size. */
bool
ui_resize(struct ui *ui)
{
	struct winsize	ws;
	int		old_w = ui_pane_width(ui), old_h = ui_pane_height(ui);

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_layout(ui);
	ui_repaint(ui);
	return ui_pane_width(ui) != old_w || ui_pane_height(ui) != old_h;
}

/* The pane's size. */
int
ui_pane_width(const struct ui *ui)
{
	return ui->pane_cols > 0 ? ui->pane_cols : 1;
}

int
ui_pane_height(const struct ui *ui)
{
	return ui->pane_rows > 0 ? ui->pane_rows : 1;
}

/* Draw the message pane of the current window. */
void
ui_draw_pane(struct ui *ui, struct session *s)
{
	WINDOW				*pane = ui->pane;
	struct scrollback		*sb = &session_current(s)->sb;
	struct scrollback_view		 v;
	const struct scrollback_line	*line;
	const struct wrap_row		*row;
	size_t				 i, r, nrows;
	int				 y = 0, skip, indent;
	char				 more[64];

	if (pane == NULL)
		return;
	werase(pane);
	scrollback_view(sb, &v);
	skip = v.row;
	for (i = v.line; y < ui->pane_rows &&
	    (line = scrollback_line(sb, i)) != NULL; i++) {
		indent = layout_line(&s->layout, line, &ui->rt);
		nrows = wrap_text(&ui->wrap, ui->rt.text, ui->rt.len,
		    ui->pane_cols, indent);
		for (r = (size_t)skip; r < nrows && y < ui->pane_rows; r++) {
			row = &ui->wrap.rows[r];
			wmove(pane, y, row->indent);
			/* A search's match stands out. */
			ui_put_runs(ui, pane, &ui->rt, row->start, row->end,
			    scrollback_marked(sb, i) ? A_REVERSE : A_NORMAL,
			    ui->pane_cols - row->indent);
			y++;
		}
		skip = 0;
	}
	if (!scrollback_at_bottom(sb)) {
		if (scrollback_unread(sb) > 0)
			snprintf(more, sizeof more, " -- more (%zu new) -- ",
			    scrollback_unread(sb));
		else
			snprintf(more, sizeof more, " -- more -- ");
		wmove(pane, ui->pane_rows - 1, 0);
		wclrtoeol(pane);
		wattr_set(pane, A_REVERSE, 0, NULL);
		waddnstr(pane, more, ui->pane_cols);
		wattr_set(pane, A_NORMAL, 0, NULL);
	}
	wnoutrefresh(pane);
}

/* Show the nick list or not. */
bool
ui_set_nicklist(struct ui *ui, bool wanted)
{
	int	old = ui->pane_cols;

	if (ui->nicklist == wanted)
		return false;
	ui->nicklist = wanted;
	ui_layout(ui);
	ui_repaint(ui);
	return ui->pane_cols != old;
}

/* Draw the nick list: a border, then the members in order, each with
 * its prefix and in its colour, as many as fit. */
void
ui_draw_nicklist(struct ui *ui, struct session *s)
{
	WINDOW			*nl = ui->nicks;
	struct window		*w = session_current(s);
	const struct member	**sorted;
	struct render_style	 st;
	char			 pre[2] = { 0, 0 };
	size_t			 i, len;
	int			 y;

	if (nl == NULL)
		return;
	werase(nl);
	wattr_set(nl, A_DIM, 0, NULL);
	mvwvline(nl, 0, 0, ACS_VLINE, ui->pane_rows);
	wattr_set(nl, A_NORMAL, 0, NULL);
	if (w->kind == WINDOW_ROOM && w->nmembers > 0) {
		sorted = xreallocarray(NULL, w->nmembers, sizeof *sorted);
		nicklist_sort(w->members, w->nmembers, s->prefixes, sorted);
		for (i = 0, y = 0; i < w->nmembers && y < ui->pane_rows;
		    i++, y++) {
			render_clear(&ui->rt);
			pre[0] = sorted[i]->prefix != '\0' ?
			    sorted[i]->prefix : ' ';
			render_plain(&ui->rt, pre, 1, render_style_plain);
			st = render_style_plain;
			if (s->opt->color)
				st.fg = layout_nick_color(sorted[i]->nick);
			len = strlen(sorted[i]->nick);
			render_plain(&ui->rt, sorted[i]->nick, len, st);
			wmove(nl, y, 1);
			ui_put_runs(ui, nl, &ui->rt, 0, ui->rt.len, A_NORMAL,
			    NICKLIST_COLS - 1);
		}
		free(sorted);
	}
	wnoutrefresh(nl);
}

/* Draw the status line. */
void
ui_draw_status(struct ui *ui, struct session *s)
{
	WINDOW	*st = ui->status;

	if (st == NULL)
		return;
	werase(st);
	status_format(s, &ui->rt);
	wmove(st, 0, 0);
	ui_put_runs(ui, st, &ui->rt, 0, ui->rt.len, A_REVERSE, ui->cols);
	wnoutrefresh(st);
}

/* Draw the input line. */
void
ui_draw_input(struct ui *ui, struct editor *e)
{
	struct editor_view	v;
	WINDOW			*in = ui->input;

	werase(in);
	/* The last column stays free for the cursor at the end. */
	editor_view(e, ui->cols > 1 ? ui->cols - 1 : 1, &v);
	wmove(in, 0, 0);
	ui_put(ui, in, editor_text(e) + v.start, v.end - v.start);
	wmove(in, 0, v.cursor_col);
	wnoutrefresh(in);
}

/* Draw a question on the input line instead of what is typed there. */
void
ui_draw_prompt(struct ui *ui, const char *text)
{
	WINDOW	*in = ui->input;
	size_t	 len = strlen(text);
	int	 cols;

	werase(in);
	wmove(in, 0, 0);
	wattr_set(in, A_BOLD, 0, NULL);
	len = utf8_prefix_cols(text, len, ui->cols > 1 ? ui->cols - 1 : 1,
	    &cols);
	ui_put(ui, in, text, len);
	wattr_set(in, A_NORMAL, 0, NULL);
	wmove(in, 0, cols);
	wnoutrefresh(in);
}

/* Repaint everything at the next update. */
void
ui_repaint(struct ui *ui)
{
	(void)ui;
	clearok(curscr, TRUE);
}

/* Put the drawing on the terminal, the cursor on the input line. */
void
ui_update(struct ui *ui)
{
	wnoutrefresh(ui->input);
	doupdate();
}

/* A curses key code as ours. */
static bool
ui_named_key(int code, struct keymap_key *key)
{
	static const struct {
		int			code;
		enum keymap_code	key;
		bool			meta;
	} map[] = {
		{ KEY_UP,		KEYMAP_UP,		false },
		{ KEY_DOWN,		KEYMAP_DOWN,		false },
		{ KEY_LEFT,		KEYMAP_LEFT,		false },
		{ KEY_RIGHT,		KEYMAP_RIGHT,		false },
		{ KEY_HOME,		KEYMAP_HOME,		false },
		{ KEY_END,		KEYMAP_END,		false },
		{ KEY_PPAGE,		KEYMAP_PAGE_UP,		false },
		{ KEY_NPAGE,		KEYMAP_PAGE_DOWN,	false },
		{ KEY_DC,		KEYMAP_DELETE,		false },
		{ KEY_BACKSPACE,	KEYMAP_BACKSPACE,	false },
		{ KEY_ENTER,		KEYMAP_ENTER,		false },
		{ KEY_BTAB,		KEYMAP_BACKTAB,		false },
		{ KEY_SR,		KEYMAP_SHIFT_UP,	false },
		{ KEY_SF,		KEYMAP_SHIFT_DOWN,	false },
		{ UI_KEY_SHIFT_UP,	KEYMAP_SHIFT_UP,	false },
		{ UI_KEY_SHIFT_DOWN,	KEYMAP_SHIFT_DOWN,	false },
		{ UI_KEY_META_UP,	KEYMAP_UP,		true },
		{ UI_KEY_META_DOWN,	KEYMAP_DOWN,		true },
		{ UI_KEY_META_LEFT,	KEYMAP_LEFT,		true },
		{ UI_KEY_META_RIGHT,	KEYMAP_RIGHT,		true },
		{ UI_KEY_META_HOME,	KEYMAP_HOME,		true },
		{ UI_KEY_META_END,	KEYMAP_END,		true },
		{ UI_KEY_HOME,		KEYMAP_HOME,		false },
		{ UI_KEY_END,		KEYMAP_END,		false },
		{ KEY_FIND,		KEYMAP_HOME,		false },
		{ KEY_SELECT,		KEYMAP_END,		false },
		{ UI_KEY_PASTE_BEGIN,	KEYMAP_KEY_PASTE_BEGIN,	false },
		{ UI_KEY_PASTE_END,	KEYMAP_KEY_PASTE_END,	false },
	};
	size_t	i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].code == code) {
			key->code = map[i].key;
			key->meta = key->meta || map[i].meta;
			return true;
		}
	}
	return false;
}

/* A mouse event as a key: the wheel, or a press of the first button. */
static bool
ui_mouse_key(struct keymap_key *key)
{
	MEVENT	ev;

	if (getmouse(&ev) != OK)
		return false;
	key->meta = false;
	if (ev.bstate & BUTTON4_PRESSED)
		key->code = KEYMAP_WHEEL_UP;
	else if (ev.bstate & BUTTON5_PRESSED)
		key->code = KEYMAP_WHEEL_DOWN;
	else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
		key->code = KEYMAP_CLICK;
		key->x = ev.x;
		key->y = ev.y;
	} else
		return false;
	return true;
}

/* The next key. */
bool
ui_read_key(struct ui *ui, struct keymap_key *key)
{
	wint_t	ch;
	int	rc;

	memset(key, 0, sizeof *key);
	for (;;) {
		rc = wget_wch(ui->input, &ch);
		if (rc == ERR && key->meta) {
			/* Esc with nothing after it: Esc itself. */
			key->meta = false;
			key->code = KEYMAP_CHAR;
			key->ch = 033;
			return true;
		}
		if (rc == ERR)
			return false;
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			if (ui_mouse_key(key))
				return true;
			continue;
		}
		if (rc == KEY_CODE_YES) {
			if (ui_named_key((int)ch, key))
				return true;
			continue;	/* KEY_RESIZE and the like */
		}
		if (ch == 033 && !key->meta) {
			/* Esc then a key: Alt with that key. */
			key->meta = true;
			continue;
		}
		key->code = KEYMAP_CHAR;
		key->ch = (uint32_t)ch;
		return true;
	}
}

/* Ring the bell. */
void
ui_bell(struct ui *ui)
{
	(void)ui;
	beep();
}

/* Before stopping. */
void
ui_suspend(struct ui *ui)
{
	ui_paste_mode(ui, false);
	endwin();
}

/* After coming back. */
void
ui_resume(struct ui *ui)
{
	ui_paste_mode(ui, true);
	ui_resize(ui);
}
