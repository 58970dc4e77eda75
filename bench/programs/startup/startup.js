// startup: print "hello" (measures process start-up and exit). No size argument.
console.log("hello");
