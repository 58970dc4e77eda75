# startup: print "hello" (measures process start-up and exit).
print("hello")
