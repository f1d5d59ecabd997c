"""Given: the users of the OAuth2 scopes tutorial. Do not change this file.

The hashes are argon2 hashes made with pwdlib (``PasswordHash.recommended()``):

| username  | password      | disabled |
|-----------|---------------|----------|
| johndoe   | ``secret``      | no       |
| alice     | ``secretalice`` | yes      |
"""

fake_users_db: dict[str, dict[str, str | bool]] = {
    "johndoe": {
        "username": "johndoe",
        "full_name": "John Doe",
        "email": "johndoe@example.com",
        "hashed_password": (
            "$argon2id$v=19$m=65536,t=3,p=4$wagCPXjifgvUFBzq4hqe3w"
            "$CYaIb8sB+wtD+Vu/P4uod1+Qof8h+1g7bbDlBID48Rc"
        ),
        "disabled": False,
    },
    "alice": {
        "username": "alice",
        "full_name": "Alice Chains",
        "email": "alicechains@example.com",
        "hashed_password": (
            "$argon2id$v=19$m=65536,t=3,p=4$g2/AV1zwopqUntPKJavBFw"
            "$BwpRGDCyUHLvHICnwijyX8ROGoiUPwNKZ7915MeYfCE"
        ),
        "disabled": True,
    },
}
