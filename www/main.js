import TencentCloudChat from 'tim-wasm';

const log = (line) => { document.getElementById('log').textContent += line + '\n'; };
const chat = TencentCloudChat.create({ SDKAppID: 1400000001 });
chat.on(TencentCloudChat.EVENT.SDK_READY, () => log(`SDK_READY — logged in as ${chat.getLoginUser()}`));
chat.on(TencentCloudChat.EVENT.SDK_NOT_READY, () => log('SDK_NOT_READY'));
log(`tim-wasm ${TencentCloudChat.VERSION} loaded; isReady() = ${chat.isReady()}`);

document.getElementById('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const userID = document.getElementById('user').value;
  try {
    if (chat.isReady()) await chat.logout();
    const res = await chat.login({ userID, userSig: 'local' });
    log(`login resolved: ${JSON.stringify(res.data)}`);
  } catch (err) {
    log(`error ${err.code}: ${err.message}`);
  }
});
