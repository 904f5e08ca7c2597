Console.Error.WriteLine("usage: nmo serve|demo|validate|providers add");
return 2;
