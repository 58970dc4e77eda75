console.log("hello"); // startup: print "hello" (measures process start-up and exit).
