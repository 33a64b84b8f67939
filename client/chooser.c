/* The server chooser; see chooser.h. */
#include <curses.h>
#include <stdio.h>

#include "chooser.h"

/* Draw the title, the servers, the current one highlighted. */
static void
chooser_draw(const struct discover_result *res, size_t current)
{
	char line[256];
	size_t i;

	erase();
	mvaddstr(0, 0, "natterd servers on the LAN: arrows to choose, "
	    "Enter to connect, q to quit");
	for (i = 0; i < res->count && (int)i + 2 < LINES; i++) {
		discover_describe(&res->servers[i], line, sizeof line);
		if (i == current)
			attron(A_REVERSE);
		mvprintw((int)i + 2, 2, "%.*s", COLS > 3 ? COLS - 3 : 0, line);
		if (i == current)
			attroff(A_REVERSE);
	}
	move((int)current + 2, 0);
	refresh();
}

int
chooser_run(const struct discover_result *res)
{
	SCREEN *screen;
	size_t current = 0;
	int key, chosen = -2;

	if ((screen = newterm(NULL, stdout, stdin)) == NULL)
		return -1;
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	while (chosen == -2) {
		chooser_draw(res, current);
		switch ((key = getch())) {
		case KEY_UP:
		case 'k':
			if (current > 0)
				current--;
			break;
		case KEY_DOWN:
		case 'j':
			if (current + 1 < res->count)
				current++;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
			chosen = (int)current;
			break;
		case 'q':
		case 27:	/* Escape */
		case 3:		/* ^C: cbreak lets it through as a signal; just in case */
		case ERR:
			chosen = -1;
			break;
		default:
			break;
		}
	}
	endwin();
	delscreen(screen);
	return chosen;
}
