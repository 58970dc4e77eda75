/* startup: print "hello" (measures process start-up and exit). */
#include <stdio.h>
int main(void) { puts("hello"); return 0; }
