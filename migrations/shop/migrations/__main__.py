from shop.migrations.runner import main

main()
