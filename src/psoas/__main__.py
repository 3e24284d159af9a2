from psoas.cli import main

main()
