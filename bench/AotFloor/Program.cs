// Does nothing: its run time is the Native AOT runtime's own start-up and exit.
return 0;
