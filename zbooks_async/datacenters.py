"""Zoho's data centers: where each one's API and accounts (OAuth) servers live."""

from __future__ import annotations

import attrs


@attrs.frozen
class DataCenter:
    """One Zoho data center."""

    code: str
    api_host: str
    accounts_host: str

    @property
    def api_base_url(self) -> str:
        """The Books v3 API root in this data center."""
        return f"https://{self.api_host}/books/v3"

    @property
    def accounts_url(self) -> str:
        """The accounts server root that mints access tokens for this data center."""
        return f"https://{self.accounts_host}"


DATA_CENTERS: dict[str, DataCenter] = {
    code: DataCenter(code, f"www.zohoapis.{code}", f"accounts.zoho.{code}")
    # uk and ae are missing from Zoho's Books documents but serve real organizations.
    for code in ("com", "eu", "in", "com.au", "jp", "com.cn", "sa", "uk", "ae")
}
# Canada's API host follows the pattern but its accounts server does not.
DATA_CENTERS["ca"] = DataCenter("ca", "www.zohoapis.ca", "accounts.zohocloud.ca")


def data_center(code: str) -> DataCenter:
    """Look up a data center by its domain suffix (``com``, ``eu``, ``uk``, ``ae``, ...)."""
    try:
        return DATA_CENTERS[code]
    except KeyError:
        raise ValueError(
            f"unknown data_center {code!r}; choose one of {', '.join(sorted(DATA_CENTERS))}"
        ) from None
